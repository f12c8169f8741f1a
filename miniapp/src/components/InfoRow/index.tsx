import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import './index.scss'

interface Props {
  label: string
  value: ReactNode
}

/** One labelled fact, e.g. 手机号 138****5678. */
export default function InfoRow({ label, value }: Props) {
  return (
    <View className='info-row'>
      <View className='info-row__label'>{label}</View>
      <View className='info-row__value'>{value}</View>
    </View>
  )
}
