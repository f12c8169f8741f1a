import { View } from '@tarojs/components'
import { useState } from 'react'
import type { VenueSummary } from '../../../../services/api/types'
import './index.scss'

interface Props {
  venues: VenueSummary[]
  schoolId: number
  value: number | 'online' | null
  onChange: (value: number | 'online') => void
}

/** 上课地点: a venue near the school, or 线上. Once chosen only it stays, with a way to change it. */
export default function VenueChooser({ venues, schoolId, value, onChange }: Props) {
  const [changing, setChanging] = useState(false)
  const options: Array<{ key: number | 'online'; name: string; note: string; own: boolean }> = [
    ...venues.map((v) => ({ key: v.id, name: v.name, note: v.address, own: v.schoolId === schoolId })),
    { key: 'online' as const, name: '线上', note: '不需要场地，在手机上参加', own: false }
  ]
  const chosen = options.find((o) => o.key === value)
  const shown = chosen && !changing ? [chosen] : options
  return (
    <View className='venue-chooser' id='offer-form-venue'>
      {shown.map((option) => (
        <View
          role='button'
          key={option.key}
          id={`offer-form-venue-${option.key}`}
          className={option.key === value ? 'venue-choice venue-choice--on' : 'venue-choice'}
          onClick={() => {
            onChange(option.key)
            setChanging(false)
          }}
        >
          <View className='venue-choice__name'>
            {option.name}
            {option.own ? <View className='venue-choice__tag'>本校</View> : null}
          </View>
          <View className='venue-choice__note'>{option.note}</View>
        </View>
      ))}
      {chosen && !changing ? (
        <View role='button' className='venue-chooser__change' id='offer-form-venue-change' onClick={() => setChanging(true)}>
          换一个地点
        </View>
      ) : null}
    </View>
  )
}
