import { View } from '@tarojs/components'
import { setElderMode, useElderMode } from '../../hooks/useElderMode'
import { tellError } from '../../utils/feedback'
import SwitchRow from '../SwitchRow'
import './index.scss'

interface Props {
  id: string
}

/** 长辈模式 on/off, on 首页 and 我的; the choice is kept with the account. */
export default function ElderModeSwitch({ id }: Props) {
  const elder = useElderMode()
  const change = (on: boolean) => setElderMode(on).catch(tellError)
  return (
    <View className='card elder-switch'>
      <SwitchRow
        id={id}
        title='长辈模式'
        note={elder ? '已打开：字更大，按钮更大' : '打开后，字和按钮都会变大'}
        on={elder}
        onChange={(on) => void change(on)}
      />
    </View>
  )
}
