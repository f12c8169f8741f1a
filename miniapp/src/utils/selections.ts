import { SELECTION_KIND_NAMES } from '@lp/shared'
import type { NominationView, SelectionView } from '../services/api/types'

/** Words for a selection's stage and for a nomination's state, the same on every page. */

export const SELECTION_STATUS_LABELS: Record<SelectionView['status'], string> = {
  open: '推荐和评审中',
  notice: '公示中',
  final: '已确定最终名单'
}

export const NOMINATOR_LABELS: Record<NominationView['nominatorKind'], string> = {
  self: '本人自荐',
  community: '社区（街道）推荐',
  school: '学校推荐'
}

export const CONSENT_LABELS: Record<NominationView['consent'], string> = {
  pending: '等被推荐人同意',
  given: '被推荐人已同意',
  declined: '被推荐人不同意',
  not_needed: '不需要本人同意'
}

export const NOMINATION_STATUS_LABELS: Record<NominationView['status'], string> = {
  pending: '等待评审',
  selected: '入选',
  rejected: '没有入选',
  withdrawn: '已撤回'
}

/** The title, with the kind added when the title does not already say it: 银龄课堂评选（终身学习品牌项目） */
export function selectionHeading(s: SelectionView): string {
  const kind = SELECTION_KIND_NAMES[s.kind]
  return s.title.includes(kind) ? s.title : `${s.title}（${kind}）`
}

/** A day as the server keeps it (YYYY-MM-DD), in plain words: 2026年3月1日 */
export function dayText(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

export function periodText(from: string, to: string): string {
  return `${dayText(from)} 至 ${dayText(to)}`
}
