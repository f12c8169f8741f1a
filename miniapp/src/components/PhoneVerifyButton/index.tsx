import Taro from '@tarojs/taro'
import type { ButtonProps } from '@tarojs/components'
import type { BaseEventOrig } from '@tarojs/components/types/common'
import { Button } from '../../ui/nutui'
import { tellPrivacyProblem } from '../../utils/privacy'

interface Props {
  id: string
  text?: string
  loading?: boolean
  /** The one-time code WeChat gives for the number the person chose; the server asks WeChat for the number. */
  onCode: (code: string) => void
}

/**
 * 手机号快速验证 (WeChat's getPhoneNumber): WeChat shows the person their own number and asks to
 * share it. Mini program only; in a browser nothing is drawn.
 */
export default function PhoneVerifyButton({ id, text = '手机号快速验证', loading = false, onCode }: Props) {
  if (process.env.TARO_ENV !== 'weapp') return null
  const answered = (event: BaseEventOrig<ButtonProps.onGetPhoneNumberEventDetail>) => {
    const { code, errMsg } = event.detail
    if (code) return onCode(code)
    if (tellPrivacyProblem(event.detail)) return
    if (!/deny|cancel/i.test(errMsg)) {
      void Taro.showToast({ title: '没有取到手机号，可以手动填写', icon: 'none', duration: 2500 })
    }
  }
  return (
    <Button id={id} type='primary' fill='outline' size='large' block loading={loading} openType='getPhoneNumber' onGetPhoneNumber={answered}>
      {text}
    </Button>
  )
}
