import { View } from '@tarojs/components'
import { Button } from '../../../../ui/nutui'
import type { AreaNode } from '../../../../services/api/types'
import './index.scss'

interface Props {
  /** The nodes from the admin's own area down to the one shown; the first is as high as they may go. */
  trail: AreaNode[]
  onChange: (trail: AreaNode[]) => void
  /** The ids of its parts: `<idPrefix>-area`, `<idPrefix>-area-up`, `<idPrefix>-area-<node id>`. */
  idPrefix?: string
  label?: string
}

/** Narrows a list to a 街道 or 社区 inside the admin's own area, one level at a time. */
export default function AreaDrill({ trail, onChange, idPrefix = 'residents', label = '地区' }: Props) {
  const current = trail[trail.length - 1]
  return (
    <View className='area-drill' id={`${idPrefix}-area`}>
      <View className='area-drill__where'>
        {label}：<View className='area-drill__name'>{trail.map((node) => node.name).join(' › ')}</View>
        {trail.length > 1 ? (
          <Button id={`${idPrefix}-area-up`} size='small' fill='outline' onClick={() => onChange(trail.slice(0, -1))}>
            回到上一级
          </Button>
        ) : null}
      </View>
      {current.children.length ? (
        <View className='area-drill__choices'>
          {current.children.map((child) => (
            <Button key={child.id} id={`${idPrefix}-area-${child.id}`} size='small' fill='outline' onClick={() => onChange([...trail, child])}>
              {child.name}
            </Button>
          ))}
        </View>
      ) : null}
    </View>
  )
}
