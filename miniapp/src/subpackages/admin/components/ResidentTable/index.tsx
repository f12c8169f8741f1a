import { View } from '@tarojs/components'
import { RESIDENT_GROUP_LABELS, SENIOR_AGE } from '@lp/shared'
import type { ResidentListItem } from '../../../../services/api/types'
import './index.scss'

const COLUMNS = ['姓名', '年龄', '手机号', '身份证号', '社区', '身份'] as const

function groupsOf(resident: ResidentListItem): string {
  const groups = resident.groups.map((g) => RESIDENT_GROUP_LABELS[g])
  if (resident.age >= SENIOR_AGE) groups.unshift('老年人')
  return groups.join('、') || '—'
}

/** Residents as the server lists them, one row each: name, phone and ID number already masked. */
export default function ResidentTable({ residents }: { residents: ResidentListItem[] }) {
  return (
    <View className='resident-table' id='residents-table' data-keyboard-scroll='居民名单'>
      <View className='resident-table__row resident-table__row--head'>
        {COLUMNS.map((title) => (
          <View key={title} className='resident-table__cell'>
            {title}
          </View>
        ))}
      </View>
      {residents.map((r) => (
        <View key={r.userId} className='resident-table__row' id={`resident-${r.userId}`}>
          <View className='resident-table__cell'>{r.realNameMasked}</View>
          <View className='resident-table__cell'>{r.age} 岁</View>
          <View className='resident-table__cell'>{r.phoneMasked ?? '没有手机号'}</View>
          <View className='resident-table__cell'>{r.idNumberMasked ?? '没有填写'}</View>
          <View className='resident-table__cell'>{r.community.name}</View>
          <View className='resident-table__cell'>{groupsOf(r)}</View>
        </View>
      ))}
    </View>
  )
}
