import type { Schema } from './api/client'
import type { AreaNode, PopulationRow } from './api/types'
import { ApiError, api } from './request'

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
