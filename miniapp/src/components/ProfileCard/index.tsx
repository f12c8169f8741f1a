import { View } from '@tarojs/components'
import { RESIDENT_GROUP_LABELS, maskName } from '@lp/shared'
import InfoRow from '../InfoRow'
import type { ResidentProfile } from '../../services/api/types'

interface Props {
  id?: string
  title?: string
  profile: ResidentProfile
  /** Show groups and birth date too (我的), or only who holds the account (学习账户). */
  full?: boolean
}

/** A resident's bound details, always masked: name, phone, ID number, community. */
export default function ProfileCard({ id, title, profile, full = false }: Props) {
  const groups = profile.groups.map((g) => RESIDENT_GROUP_LABELS[g])
  if (profile.isSenior) groups.unshift('老年人')
  return (
    <View className='profile-card card' id={id}>
      {title ? <View className='card__title'>{title}</View> : null}
      <InfoRow label='姓名' value={maskName(profile.realName)} />
      <InfoRow label='手机号' value={profile.phoneMasked ? `${profile.phoneMasked}${profile.phoneVerified ? '（已验证）' : ''}` : '没有手机号'} />
      {full ? <InfoRow label='身份证号' value={profile.idNumberMasked ?? '没有填写'} /> : null}
      <InfoRow label='所在社区' value={`${profile.street.name} ${profile.community.name}`} />
      {full ? <InfoRow label='年龄' value={`${profile.age} 岁`} /> : null}
      {full && groups.length ? <InfoRow label='身份' value={groups.join('、')} /> : null}
    </View>
  )
}
