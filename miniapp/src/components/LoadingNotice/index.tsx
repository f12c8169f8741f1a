import { View } from '@tarojs/components'

/** Shown while a list is on its way. */
export default function LoadingNotice({ text = '正在加载…' }: { text?: string }) {
  return <View className='card muted'>{text}</View>
}
