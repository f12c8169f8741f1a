import { View } from '@tarojs/components'

/** Shown while a list is on its way; screen readers hear it as a status. */
export default function LoadingNotice({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className='card muted loading-notice' role='status'>
      {text}
    </View>
  )
}
