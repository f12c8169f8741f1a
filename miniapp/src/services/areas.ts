import type { AreaNode, PopulationFigures, PopulationRow } from '@lp/shared'
import { ApiError, api } from './request'

export type PopulationInput = Omit<PopulationFigures, 'year'>

export function getAreaTree(): Promise<AreaNode> {
  return api.get<AreaNode>('/api/areas/tree', undefined, { auth: false })
}

/** A node's figures for a year, or null when nobody has entered them yet. */
export async function getPopulation(areaId: number, year: number): Promise<PopulationRow | null> {
  try {
    return await api.get<PopulationRow>(`/api/areas/${areaId}/population`, { year })
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null
    throw error
  }
}

/** Figures of the node's children that have them for the year. */
export function getChildPopulation(areaId: number, year: number): Promise<PopulationRow[]> {
  return api.get<PopulationRow[]>(`/api/areas/${areaId}/population/children`, { year })
}

export function savePopulation(areaId: number, year: number, figures: PopulationInput): Promise<PopulationRow> {
  return api.put<PopulationRow>(`/api/areas/${areaId}/population/${year}`, figures)
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
