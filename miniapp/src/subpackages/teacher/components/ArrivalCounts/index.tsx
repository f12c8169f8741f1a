import { View } from '@tarojs/components'
import type { LiveRoster } from '../../../../services/api/types'
import './index.scss'

interface Props {
  id: string
  roster: LiveRoster | undefined
  /** The live connection dropped; the figures may be behind. */
  behind: boolean
}

/** 已到 / 未到 at a glance; `data-arrived` carries the number for tests and screen readers. */
export default function ArrivalCounts({ id, roster, behind }: Props) {
  if (!roster) {
    return (
      <View className='arrival-counts card muted' id={id}>
        正在读取到场人数…
      </View>
    )
  }
  const { arrived, enrolled, notArrived, walkIns, proxy, pendingReview } = roster.counts
  const extras = [walkIns ? `现场报名 ${walkIns}` : '', proxy ? `代签 ${proxy}` : '', pendingReview ? `待核对 ${pendingReview}` : ''].filter(Boolean)
  return (
    <View className='arrival-counts card' id={id} data-arrived={arrived}>
      <View className='arrival-counts__main'>
        <View className='arrival-counts__figure'>
          <View className='arrival-counts__number'>{arrived}</View>
          <View className='arrival-counts__label'>已到</View>
        </View>
        <View className='arrival-counts__figure'>
          <View className='arrival-counts__number arrival-counts__number--muted'>{notArrived}</View>
          <View className='arrival-counts__label'>未到</View>
        </View>
        <View className='arrival-counts__figure'>
          <View className='arrival-counts__number arrival-counts__number--muted'>{enrolled}</View>
          <View className='arrival-counts__label'>报名</View>
        </View>
      </View>
      {extras.length ? <View className='arrival-counts__extras muted'>其中 {extras.join('，')}</View> : null}
      {behind ? <View className='arrival-counts__behind'>网络不稳，人数可能没有更新，正在重新连接…</View> : null}
    </View>
  )
}
