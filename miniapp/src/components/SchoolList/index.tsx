import { View } from '@tarojs/components'
import { SCHOOL_TYPE_LABELS } from '@lp/shared'
import type { SchoolSummary } from '../../services/api/types'
import './index.scss'

/** Community schools with their kind and address. */
export default function SchoolList({ schools }: { schools: SchoolSummary[] }) {
  return (
    <View className='school-list'>
      {schools.map((school) => (
        <View key={school.id} className='school-card card' id={`school-${school.id}`}>
          <View className='school-card__name'>{school.name}</View>
          <View className='muted'>
            {SCHOOL_TYPE_LABELS[school.type]} · {school.area.name}
          </View>
          {school.address ? <View className='school-card__address'>{school.address}</View> : null}
        </View>
      ))}
    </View>
  )
}
