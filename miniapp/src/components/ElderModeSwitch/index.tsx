import { View } from '@tarojs/components'
import { setElderMode, useElderMode } from '../../hooks/useElderMode'
import { Switch } from '../../ui/nutui'
import './index.scss'

/** 长辈模式 on/off; the whole row is the touch target. */
export default function ElderModeSwitch() {
  const elder = useElderMode()
  return (
    <View
      className='elder-switch card'
      id='mine-elder-switch'
      onClick={() => setElderMode(!elder)}
    >
      <View className='elder-switch__text'>
        <View className='elder-switch__title'>长辈模式</View>
        <View className='muted'>{elder ? '已打开：字更大，按钮更大' : '打开后，字和按钮都会变大'}</View>
      </View>
      {/* Controlled and without its own handler: the tap reaches the row, which decides. */}
      <Switch checked={elder} />
    </View>
  )
}
