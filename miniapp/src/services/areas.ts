import type { Schema } from './api/client'
import type { AreaAdminNode, AreaImportResult, AreaNode, PopulationRow } from './api/types'
import { ApiError, api, type PickedFile } from './request'

/** A year's population figures of one node, as the form sends them. */
export type PopulationInput = Schema<'PopulationFiguresDto'>

export function getAreaTree(): Promise<AreaNode> {
  return api.get('/api/areas/tree', { auth: false })
}

/** A node's figures for a year, or null when nobody has entered them yet. */
export async function getPopulation(areaId: number, year: number): Promise<PopulationRow | null> {
  try {
    return await api.get('/api/areas/{id}/population', { path: { id: areaId }, query: { year } })
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null
    throw error
  }
}

/** Figures of the node's children that have them for the year. */
export function getChildPopulation(areaId: number, year: number): Promise<PopulationRow[]> {
  return api.get('/api/areas/{id}/population/children', { path: { id: areaId }, query: { year } })
}

export function savePopulation(areaId: number, year: number, figures: PopulationInput): Promise<PopulationRow> {
  return api.put('/api/areas/{id}/population/{year}', { path: { id: areaId, year }, body: figures })
}

/** Depth-first search for a node by id. */
export function findArea(root: AreaNode, id: number): AreaNode | null {
  if (root.id === id) return root
  for (const child of root.children) {
    const found = findArea(child, id)
    if (found) return found
  }
  return null
}

export type NewArea = Schema<'NewAreaDto'>
export type AreaChange = Schema<'AreaChangeDto'>

/** The admin's own node and everything under it, retired nodes included. */
export function getManagedTree(): Promise<AreaAdminNode> {
  return api.get('/api/areas/manage')
}

export function addArea(body: NewArea): Promise<AreaAdminNode> {
  return api.post('/api/areas', { body })
}

export function changeArea(id: number, body: AreaChange): Promise<AreaAdminNode> {
  return api.patch('/api/areas/{id}', { path: { id }, body })
}

export function importAreas(file: PickedFile, apply: boolean): Promise<AreaImportResult> {
  return api.postForm(apply ? '/api/areas/import' : '/api/areas/import/preview', 'file', file, {}, '区划代码表没有导入成功，请稍后再试。')
}
