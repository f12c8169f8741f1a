import { View } from '@tarojs/components'
import { RESIDENT_GROUP_LABELS, SENIOR_AGE } from '@lp/shared'
import InfoRow from '../../../../components/InfoRow'
import type { ResidentListItem } from '../../../../services/api/types'
import './index.scss'

/** One resident as the server lists them: masked name, phone and ID number. */
export default function ResidentCard({ resident }: { resident: ResidentListItem }) {
  const groups = resident.groups.map((g) => RESIDENT_GROUP_LABELS[g])
  if (resident.age >= SENIOR_AGE) groups.unshift('老年人')
  return (
    <View className='resident-card card' id={`resident-${resident.userId}`}>
      <View className='resident-card__name'>
        {resident.realNameMasked}
        <View className='resident-card__age'>{resident.age} 岁</View>
      </View>
      <InfoRow label='手机号' value={resident.phoneMasked} />
      <InfoRow label='身份证号' value={resident.idNumberMasked ?? '没有填写'} />
      <InfoRow label='社区' value={resident.community.name} />
      {groups.length ? <InfoRow label='身份' value={groups.join('、')} /> : null}
    </View>
  )
}
