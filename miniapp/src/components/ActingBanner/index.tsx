import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { acting, useActingChild } from '../../services/acting'
import { Button } from '../../ui/nutui'
import './index.scss'

/**
 * On every page while a guardian acts for a child: whose account this is, and the way back. A class,
 * not an id: H5 keeps the pages of the stack in the document, each with its banner.
 */
export default function ActingBanner() {
  const child = useActingChild()
  if (!child) return null
  const back = () => {
    acting.stop()
    void Taro.reLaunch({ url: '/pages/mine/index' })
  }
  return (
    <View className='acting-banner' role='status'>
      <View className='acting-banner__text'>正在为 {child.name} 操作</View>
      <Button className='acting-banner__back' size='small' onClick={back}>
        回到我自己
      </Button>
    </View>
  )
}
