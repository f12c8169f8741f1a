import { View } from '@tarojs/components'
import { PEOPLE_FIGURES } from '@lp/shared'
import { formatCount } from '../../population-fields'
import type { PopulationBalance } from '../../../../services/api/types'
import './index.scss'

interface Props {
  id: string
  balance: PopulationBalance
}

/**
 * Whether the children's head counts add up to the area's own, and if not, by how much and where.
 * Organisations are not compared: an area has its own besides its children's.
 */
export default function PopulationBalanceNote({ id, balance }: Props) {
  const childCount = balance.childrenWithFigures + balance.childrenMissing.length
  // A community has no children to add up.
  if (!childCount) return null
  const gaps = balance.difference ? PEOPLE_FIGURES.filter((f) => balance.difference?.[f.key] !== 0) : []
  return (
    <View className={balance.balanced ? 'card balance-note' : 'card balance-note balance-note--off'} id={id} data-balanced={balance.balanced ? '1' : '0'}>
      <View className='card__title'>人口数据核对</View>
      {balance.balanced ? <View>下级地区的人口数据合计与本级一致。</View> : null}
      {!balance.parent ? <View className='balance-note__line'>{balance.area.name}本级{balance.year}年的人口数据还没有填写。</View> : null}
      {balance.childrenMissing.length ? (
        <View className='balance-note__line'>
          还有 {balance.childrenMissing.length} 个下级地区没有填写：{balance.childrenMissing.map((a) => a.name).join('、')}
        </View>
      ) : null}
      {balance.parent && balance.difference
        ? gaps.map((f) => {
            const gap = balance.difference?.[f.key] ?? 0
            return (
              <View key={f.key} className='balance-note__line' id={`${id}-${f.key}`} data-difference={gap}>
                {f.label}：下级合计与本级相差 {formatCount(Math.abs(gap))} 人（本级 {formatCount(balance.parent?.[f.key] ?? 0)} 人，下级合计{' '}
                {formatCount(balance.childrenSum[f.key])} 人）
              </View>
            )
          })
        : null}
    </View>
  )
}
