import { IndicatorCode, IndicatorDefinition, IndicatorValue, INDICATORS, isRegisterCount, POPULATION_LABELS, REGISTER_COUNT_LABELS } from '@lp/shared';
import { Figures, NodeFigures } from './statistics.repository';

const round = (x: number, places: number): number => Math.round(x * 10 ** places) / 10 ** places;

/** An indicator for an urban or rural node only applies to that kind (a street or district applies to both if it has people for it). */
function applies(def: IndicatorDefinition, isRural: boolean, population: Figures | null): boolean {
  if (def.scope === 'urban') return !isRural || (!isRegisterCount(def.denominator) && (population?.[def.denominator] ?? 0) > 0);
  if (def.scope === 'rural') return isRural || (population?.ruralLabor ?? 0) > 0;
  return true;
}

/** What an indicator counts: learners of its segment, a figure the administrator entered, or a count of the workers' register. */
function numeratorOf(def: IndicatorDefinition, population: Figures | null, figures: Pick<NodeFigures, 'learners' | 'register'>): number {
  if (def.segment !== null) return figures.learners.get(def.segment) ?? 0;
  if (def.numeratorFigure) return population?.[def.numeratorFigure] ?? 0;
  if (def.numeratorRegister) return figures.register[def.numeratorRegister];
  throw new Error(`indicator ${def.code} says nothing about what it counts`);
}

/** A population figure (null when none was entered for the year) or a count of the workers' register. */
function denominatorOf(def: IndicatorDefinition, population: Figures | null, figures: Pick<NodeFigures, 'register'>): number | null {
  if (isRegisterCount(def.denominator)) return figures.register[def.denominator];
  return population ? population[def.denominator] : null;
}

/**
/**
 * What cannot be right as it stands: a rate over 100% counts more people than the group it is
 * divided by, so the group's figure (the denominator) is probably too small.
 */
function warningsOf(def: IndicatorDefinition, numerator: number, denominator: number | null): string[] {
  if (def.unit !== 'rate' || !denominator || numerator <= denominator) return [];
  if (isRegisterCount(def.denominator)) {
    return [`比例超过100%（${numerator} ÷ ${denominator}）：分母“${REGISTER_COUNT_LABELS[def.denominator]}”可能少算了，请核对成人教育工作者名册`];
  }
  return [`比例超过100%（${numerator} ÷ ${denominator}）：分母“${POPULATION_LABELS[def.denominator]}”可能填小了，请核对这一年的人口基础数据`];
}

/**
 * The indicators of one node and year from its maintained figures, its population base data
 * (which holds the 学习型组织 figures too), its 成人教育工作者 register and the targets in force
 * (by indicator; an indicator left out keeps its default). "Met" is decided in integers
 * (numerator × scale × 10000 ≥ target in ten-thousandths × denominator), so 6 of 10 meets a 60%
 * target exactly.
 */
export function indicatorValues(
  isRural: boolean,
  population: Figures | null,
  figures: Pick<NodeFigures, 'learners' | 'register'>,
  targets: Partial<Record<IndicatorCode, number>> = {},
): IndicatorValue[] {
  return INDICATORS.map((def) => {
    const target = targets[def.code] ?? def.target;
    const numerator = numeratorOf(def, population, figures);
    const denominator = denominatorOf(def, population, figures);
    const scale = def.unit === 'per_10k' ? 10_000 : 1;
    const applicable = applies(def, isRural, population) && denominator !== 0;
    const value = denominator ? round((numerator * scale) / denominator, 4) : null;
    const met = applicable && denominator ? numerator * scale * 10_000 >= Math.round(target * 10_000) * denominator : null;
    const progress = applicable && denominator && target > 0 ? round((numerator * scale) / denominator / target, 4) : null;
    const warnings = applicable ? warningsOf(def, numerator, denominator) : [];
    return { code: def.code, label: def.label, numerator, denominator, value, target, unit: def.unit, met, applicable, progress, warnings };
  });
}

/** 人均学时 in minutes per resident, two decimals; null without a 常住人口 figure. */
export function perCapitaMinutes(minutes: number, population: Figures | null): number | null {
  return population && population.residentTotal > 0 ? round(minutes / population.residentTotal, 2) : null;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round(numerator / denominator, 4) : null;
}
