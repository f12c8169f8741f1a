import { POPULATION_FIGURE_MAX, populationProblems } from '@lp/shared'
import type { PopulationInput } from '../../../../services/areas'
import { FIGURES, type FigureKey } from '../../population-fields'
import type { PopulationRow } from '../../../../services/api/types'

export type FiguresDraft = Record<FigureKey, string>
export type FiguresProblems = Partial<Record<FigureKey, string>>

export function draftOf(row: PopulationRow | null): FiguresDraft {
  const draft = {} as FiguresDraft
  for (const { key } of FIGURES) draft[key] = row ? String(row[key]) : ''
  return draft
}

/** Whole numbers, none negative or larger than the server takes, and no group larger than the 常住人口 it is part of. */
export function checkFigures(draft: FiguresDraft): { problems: FiguresProblems; input: PopulationInput | null } {
  const problems: FiguresProblems = {}
  // every figure: the form sends all of them, and the shared rule reads all of them
  const input = {} as Record<FigureKey, number>
  for (const { key, label } of FIGURES) {
    const text = draft[key].trim()
    if (!/^\d+$/.test(text)) {
      problems[key] = text ? `${label}要填 0 或正整数。` : `请填写${label}，没有就填 0。`
      continue
    }
    if (Number(text) > POPULATION_FIGURE_MAX) {
      problems[key] = `${label}太大了，最多 ${POPULATION_FIGURE_MAX}。`
      continue
    }
    input[key] = Number(text)
  }
  if (Object.keys(problems).length === 0) {
    // the server's own rule, so the form refuses exactly what the server would
    for (const { field, message } of populationProblems(input)) problems[field] ??= `${message}。`
  }
  return { problems, input: Object.keys(problems).length ? null : input }
}
