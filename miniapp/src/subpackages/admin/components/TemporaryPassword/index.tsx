import { Text, View } from '@tarojs/components'
import { Button } from '../../../../ui/nutui'
import { copyText } from '../../../../utils/privacy'
import './index.scss'

interface Props {
  /** Whose password it is, e.g. 张老师（zhang_laoshi） */
  who: string
  password: string
  onDone: () => void
}

/** A temporary password, this once: the server keeps only its hash, and its owner must change it at the first login. */
export default function TemporaryPassword({ who, password, onDone }: Props) {
  return (
    <View className='temporary-password' id='staff-temporary-password'>
      <View className='temporary-password__warning'>只显示这一次，请马上抄下或复制</View>
      <View>{who}的临时密码：</View>
      <Text className='temporary-password__value' id='staff-temporary-password-value' userSelect>
        {password}
      </Text>
      <View className='muted'>请当面或通过可靠的渠道交给本人。本人第一次登录时必须换成自己的密码。</View>
      <View className='button-row'>
        <Button id='staff-temporary-password-copy' size='large' onClick={() => void copyText(password)}>
          复制密码
        </Button>
        <Button id='staff-temporary-password-done' type='primary' size='large' onClick={onDone}>
          我已记下
        </Button>
      </View>
    </View>
  )
}
