import type { SelectionNotice, SelectionView } from './api/types'
import { api } from './request'

/** 百姓学习之星 and 终身学习品牌项目 评选 (the server calls them selections). */

/** Selections in 公示 or with a final list, within an area (anyone may read them). */
export function getPublicSelections(areaId?: number): Promise<SelectionView[]> {
  return api.get('/api/public/selections', { query: areaId === undefined ? {} : { areaId } })
}

/** A selection's public list: names partly masked, community and 事迹. */
export function getSelectionNotice(id: number): Promise<SelectionNotice> {
  return api.get('/api/public/selections/{id}', { path: { id } })
}
