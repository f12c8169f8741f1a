import { formatIndicatorProgress, IndicatorCode, LearnerSegment } from '@lp/shared';
import { indicatorValues, perCapitaMinutes } from './indicators';
import { Figures, NodeFigures } from './statistics.repository';

const population: Figures = {
  residentTotal: 10, aged60Plus: 5, under18: 3, employed: 4, migrantWorkers: 2, unemployed: 0, ruralLabor: 0, organisations: 10, learningOrganisations: 8,
};
const figures = (learners: [LearnerSegment, number][], fullTimeWorkers = 0, workers = fullTimeWorkers, trainedWorkers = 0): Pick<NodeFigures, 'learners' | 'register'> => ({
  learners: new Map(learners),
  register: { educationWorkers: workers, fullTimeWorkers, trainedWorkers },
});
const byCode = (xs: ReturnType<typeof indicatorValues>) => Object.fromEntries(xs.map((x) => [x.code, x]));

describe('indicatorValues', () => {
  it('meets a target exactly reached (6 of 10 against 60%) and misses one just under it', () => {
    const met = byCode(indicatorValues(false, population, figures([[LearnerSegment.All, 6]], 0)));
    expect(met[IndicatorCode.Participation]).toMatchObject({ numerator: 6, denominator: 10, value: 0.6, met: true, applicable: true });
    const missed = byCode(indicatorValues(false, population, figures([[LearnerSegment.All, 5], [LearnerSegment.Minors, 2]], 0)));
    expect(missed[IndicatorCode.Participation].met).toBe(false);
    expect(missed[IndicatorCode.Minors]).toMatchObject({ value: 0.6667, met: false });
  });

  it('counts 成人教育专职工作者 per 10,000 常住人口', () => {
    const big: Figures = { ...population, residentTotal: 30_000 };
    expect(byCode(indicatorValues(false, big, figures([], 3)))[IndicatorCode.EducationStaff]).toMatchObject({ value: 1, met: true, unit: 'per_10k' });
    expect(byCode(indicatorValues(false, big, figures([], 2)))[IndicatorCode.EducationStaff]).toMatchObject({ value: 0.6667, met: false });
  });

  it('counts 成人教育工作者继续教育参与率 from the register alone: 4 of 5 meets 80%, 3 of 5 does not, an empty register cannot be judged', () => {
    expect(byCode(indicatorValues(false, null, figures([], 1, 5, 4)))[IndicatorCode.StaffTraining]).toMatchObject({ numerator: 4, denominator: 5, value: 0.8, met: true, applicable: true });
    expect(byCode(indicatorValues(false, population, figures([], 1, 5, 3)))[IndicatorCode.StaffTraining]).toMatchObject({ value: 0.6, met: false });
    expect(byCode(indicatorValues(false, population, figures([], 0, 0, 0)))[IndicatorCode.StaffTraining]).toMatchObject({ denominator: 0, value: null, met: null, applicable: false });
  });

  it('judges nothing without population figures, and urban or rural indicators only where they apply', () => {
    const none = indicatorValues(false, null, figures([[LearnerSegment.All, 3]], 0)).filter((v) => v.code !== IndicatorCode.StaffTraining);
    expect(none.every((v) => v.value === null && v.met === null && v.denominator === null)).toBe(true);
    const urban = byCode(indicatorValues(false, population, figures([], 0)));
    expect(urban[IndicatorCode.FarmerTraining]).toMatchObject({ applicable: false, met: null });
    expect(urban[IndicatorCode.UnemployedTraining]).toMatchObject({ applicable: false, value: null }); // no unemployed: nothing to divide by
    expect(urban[IndicatorCode.MigrantTraining]).toMatchObject({ applicable: true, value: 0, met: false });
    const village = byCode(indicatorValues(true, { ...population, ruralLabor: 5 }, figures([[LearnerSegment.FarmerTrained, 2]], 0)));
    expect(village[IndicatorCode.FarmerTraining]).toMatchObject({ value: 0.4, met: true });
    expect(village[IndicatorCode.MigrantTraining].applicable).toBe(true); // a village with migrant workers on its books still reports them
  });

  it('reads 学习型组织创建 from the entered figures: 8 of 10 meets 80%, 7 of 10 does not, 0 organisations cannot be judged', () => {
    const met = byCode(indicatorValues(false, population, figures([[LearnerSegment.All, 9]], 4)))[IndicatorCode.LearningOrganisations];
    expect(met).toMatchObject({ numerator: 8, denominator: 10, value: 0.8, target: 0.8, unit: 'rate', met: true, applicable: true });
    const missed = byCode(indicatorValues(true, { ...population, learningOrganisations: 7 }, figures([], 0)))[IndicatorCode.LearningOrganisations];
    expect(missed).toMatchObject({ numerator: 7, denominator: 10, value: 0.7, met: false, applicable: true });
    const none = byCode(indicatorValues(false, { ...population, organisations: 0, learningOrganisations: 0 }, figures([], 0)))[IndicatorCode.LearningOrganisations];
    expect(none).toMatchObject({ numerator: 0, denominator: 0, value: null, met: null, applicable: false });
    const unentered = byCode(indicatorValues(false, null, figures([], 3)))[IndicatorCode.LearningOrganisations];
    expect(unentered).toMatchObject({ numerator: 0, denominator: null, value: null, met: null });
  });

  it('judges against the target in force: 6 of 10 misses a 65% target that a district set, and meets 60% by default', () => {
    const set = byCode(indicatorValues(false, population, figures([[LearnerSegment.All, 6]], 0), { [IndicatorCode.Participation]: 0.65 }));
    expect(set[IndicatorCode.Participation]).toMatchObject({ value: 0.6, target: 0.65, met: false, progress: 0.9231 });
    expect(formatIndicatorProgress(set[IndicatorCode.Participation])).toBe('完成目标的 92%');
    const byDefault = byCode(indicatorValues(false, population, figures([[LearnerSegment.All, 6]], 0)))[IndicatorCode.Participation];
    expect(byDefault).toMatchObject({ target: 0.6, met: true, progress: 1 });
    expect(formatIndicatorProgress(byDefault)).toBe('已达到目标（完成目标的 100%）');
  });

  it('states progress so that 31% against a 50% target reads 完成目标的 62%, never rounded up to the target', () => {
    const seniors = byCode(indicatorValues(false, { ...population, aged60Plus: 100 }, figures([[LearnerSegment.Seniors, 31]], 0)))[IndicatorCode.Seniors];
    expect(seniors).toMatchObject({ value: 0.31, progress: 0.62, met: false });
    expect(formatIndicatorProgress(seniors)).toBe('完成目标的 62%');
    const almost = byCode(indicatorValues(false, { ...population, aged60Plus: 1000 }, figures([[LearnerSegment.Seniors, 499]], 0)))[IndicatorCode.Seniors];
    expect(formatIndicatorProgress(almost)).toBe('完成目标的 99%');
  });

  it('warns where a rate is over 100%: the denominator is probably too small', () => {
    const over = byCode(indicatorValues(false, population, figures([[LearnerSegment.All, 12]], 0)))[IndicatorCode.Participation];
    expect(over.value).toBe(1.2);
    expect(over.warnings).toEqual(['比例超过100%（12 ÷ 10）：分母“常住人口”可能填小了，请核对这一年的人口基础数据']);
    expect(byCode(indicatorValues(false, population, figures([[LearnerSegment.All, 10]], 0)))[IndicatorCode.Participation].warnings).toEqual([]);
  });

  it('gives 人均学时 in minutes per resident', () => {
    expect(perCapitaMinutes(125, population)).toBe(12.5);
    expect(perCapitaMinutes(125, null)).toBeNull();
  });
});
