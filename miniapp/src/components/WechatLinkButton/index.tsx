import { View } from '@tarojs/components'
import { useState } from 'react'
import { linkWechat } from '../../services/auth'
import { useCurrentUser } from '../../services/session'
import { tellDone, tellError } from '../../utils/feedback'
import { isAdmin, isTeacher } from '../../utils/routes'
import { Button } from '../../ui/nutui'

/**
 * 绑定微信 for teachers and admins inside the mini program, so that next time
 * 微信一键登录 opens their account. Shows nothing elsewhere.
 */
export default function WechatLinkButton() {
  const user = useCurrentUser()
  const [busy, setBusy] = useState(false)
  if (process.env.TARO_ENV !== 'weapp') return null
  if (!user || !(isTeacher(user) || isAdmin(user))) return null
  if (user.wechatLinked) {
    return <View className='card muted'>已绑定微信，下次可以直接用微信登录。</View>
  }
  const link = async () => {
    setBusy(true)
    try {
      await linkWechat()
      tellDone('已绑定微信')
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='card'>
      <View className='muted'>绑定后，下次打开小程序可以用微信一键登录。</View>
      <View className='button-row'>
        <Button id='wechat-link' type='primary' fill='outline' block loading={busy} onClick={link}>
          绑定微信
        </Button>
      </View>
    </View>
  )
}
