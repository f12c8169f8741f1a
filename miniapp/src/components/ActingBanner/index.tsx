import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { acting, useActingChild } from '../../services/acting'
import { Button } from '../../ui/nutui'
import './index.scss'

/** On every page while a guardian acts for a child: whose account this is, and the way back. */
export default function ActingBanner() {
  const child = useActingChild()
  if (!child) return null
  const back = () => {
    acting.stop()
    void Taro.reLaunch({ url: '/pages/mine/index' })
  }
  return (
    <View className='acting-banner' id='acting-banner' role='status'>
      <View className='acting-banner__text'>正在为 {child.name} 操作</View>
      <Button id='acting-banner-back' size='small' onClick={back}>
        回到我自己
      </Button>
    </View>
  )
}
