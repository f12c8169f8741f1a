import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { checkOut, rememberResult } from '../../../../services/check-ins'
import { tellDone, tellError } from '../../../../utils/feedback'
import { Button } from '../../../../ui/nutui'
import type { CheckInResult } from '../../../../services/api/types'
import './index.scss'

interface Props {
  checkIn: CheckInResult
  onCheckedOut: (result: CheckInResult) => void
}

/** 签退, for activities that count the hours actually present. */
export default function CheckOutButton({ checkIn, onCheckedOut }: Props) {
  const [busy, setBusy] = useState(false)

  const leave = async () => {
    const { confirm } = await Taro.showModal({
      title: '签退',
      content: '现在要离开了吗？学时按签到到签退之间的时间计算。',
      confirmText: '签退',
      cancelText: '还没走'
    })
    if (!confirm) return
    setBusy(true)
    try {
      const result = await checkOut(checkIn.id)
      rememberResult(result)
      tellDone('已签退')
      onCheckedOut(result)
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='checkout-button'>
      <View className='checkout-button__note'>这个活动需要签退：离开时点下面的按钮，学时按实际在场的时间计算。</View>
      <Button id='checkout-button' type='primary' fill='outline' size='large' block loading={busy} onClick={() => void leave()}>
        签退
      </Button>
    </View>
  )
}
