import { useEffect, useState } from 'react'
import { findArea, getAreaTree } from '../../../../services/areas'
import { ApiError, toApiError } from '../../../../services/request'
import type { AreaNode } from '../../../../services/api/types'

/** The path from `root` down to the node `id`, or null when it is not under root. */
function pathTo(root: AreaNode, id: number): AreaNode[] | null {
  if (root.id === id) return [root]
  for (const child of root.children) {
    const below = pathTo(child, id)
    if (below) return [root, ...below]
  }
  return null
}

/**
 * The trail an AreaDrill shows, starting at the admin's own node (or, given `startId`, already
 * walked down to that node inside it); empty until the tree has arrived.
 */
export function useAreaTrail(ownAreaId: number | null, startId: number | null = null) {
  const [trail, setTrail] = useState<AreaNode[]>([])
  const [error, setError] = useState<ApiError | null>(null)
  useEffect(() => {
    if (ownAreaId === null) return
    getAreaTree().then(
      (tree) => {
        const own = findArea(tree, ownAreaId)
        if (own) setTrail((startId !== null && pathTo(own, startId)) || [own])
      },
      (failure: unknown) => setError(toApiError(failure))
    )
  }, [ownAreaId, startId])
  return { trail, setTrail, error }
}
