import { View } from '@tarojs/components'
import type { AreaAdminNode } from '../../../../services/api/types'
import './index.scss'

interface Props {
  /** The chooser's id; each choice gets `<id>-<areaId>`. */
  id: string
  /** The admin's own node and everything under it. */
  tree: AreaAdminNode
  value: number | null
  onChange: (areaId: number) => void
  /** Retired nodes can be looked at in filters; a school or venue may not be put in one. */
  withRetired?: boolean
}

/** The path from `root` down to the node `id`, or [] when it is not there. */
export function pathTo(root: AreaAdminNode, id: number | null): AreaAdminNode[] {
  if (id === null) return []
  if (root.id === id) return [root]
  for (const child of root.children) {
    const below = pathTo(child, id)
    if (below.length) return [root, ...below]
  }
  return []
}

/**
 * Choose an area by clicking: the own node and its streets on one line, then the communities of
 * the street chosen. Every choice is a plain element in a wrapping row (nothing scrolls), so a
 * click lands where it is seen.
 */
export default function AreaPicker({ id, tree, value, onChange, withRetired = false }: Props) {
  const trail = pathTo(tree, value)
  const street = trail.length >= 2 ? trail[1] : null
  const shown = (nodes: AreaAdminNode[]) => nodes.filter((n) => withRetired || !n.retiredAt)
  const choice = (node: AreaAdminNode, label = node.name) => (
    <View
      role='button'
      key={node.id}
      id={`${id}-${node.id}`}
      className={node.id === value ? 'area-picker__choice area-picker__choice--on' : 'area-picker__choice'}
      onClick={() => onChange(node.id)}
    >
      {label}
      {node.retiredAt ? '（已停用）' : ''}
    </View>
  )
  return (
    <View className='area-picker' id={id}>
      <View className='area-picker__line'>
        {choice(tree, `${tree.name}（全部）`)}
        {shown(tree.children).map((n) => choice(n))}
      </View>
      {street && shown(street.children).length ? (
        <View className='area-picker__line area-picker__line--below'>
          {choice(street, `${street.name}本级`)}
          {shown(street.children).map((n) => choice(n))}
        </View>
      ) : null}
    </View>
  )
}
