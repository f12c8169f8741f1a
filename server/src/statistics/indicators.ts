import { IndicatorDefinition, IndicatorValue, INDICATORS, isRegisterCount } from '@lp/shared';
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
 * The indicators of one node and year from its maintained figures, its population base data
 * (which holds the 学习型组织 figures too) and its 成人教育工作者 register. "Met" is decided in integers
 * (numerator × scale × 10000 ≥ target in basis points × denominator), so 6 of 10 meets a 60%
 * target exactly.
 */
export function indicatorValues(isRural: boolean, population: Figures | null, figures: Pick<NodeFigures, 'learners' | 'register'>): IndicatorValue[] {
  return INDICATORS.map((def) => {
    const numerator = numeratorOf(def, population, figures);
    const denominator = denominatorOf(def, population, figures);
    const scale = def.unit === 'per_10k' ? 10_000 : 1;
    const applicable = applies(def, isRural, population) && denominator !== 0;
    const value = denominator ? round((numerator * scale) / denominator, 4) : null;
    const met = applicable && denominator ? numerator * scale * 10_000 >= Math.round(def.target * 10_000) * denominator : null;
    return { code: def.code, label: def.label, numerator, denominator, value, target: def.target, unit: def.unit, met, applicable };
  });
}

/** 人均学时 in minutes per resident, two decimals; null without a 常住人口 figure. */
export function perCapitaMinutes(minutes: number, population: Figures | null): number | null {
  return population && population.residentTotal > 0 ? round(minutes / population.residentTotal, 2) : null;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? round(numerator / denominator, 4) : null;
}
