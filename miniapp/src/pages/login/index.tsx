import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import DemoAccountList from '../../components/DemoAccountList'
import PageShell from '../../components/PageShell'
import PasswordLoginForm from '../../components/PasswordLoginForm'
import Section from '../../components/Section'
import { useLoader } from '../../hooks/useLoader'
import { canLoginWithWechat, listDemoAccounts, loginAsDemo, loginWithPassword, loginWithWechat } from '../../services/auth'
import { toApiError } from '../../services/request'
import { errorText } from '../../utils/feedback'
import { goAfterLogin } from '../../utils/routes'
import { Button } from '../../ui/nutui'
import type { CurrentUser, DemoAccount } from '../../services/api/types'
import './index.scss'


/** Login: 微信一键登录 in the mini program; staff accounts and, when on, 体验账号 everywhere. */
export default function LoginPage() {
  const [inWechat] = useState(canLoginWithWechat)
  // just after 注销账户: say it is done, in the words of the page that did it
  const params = useRouter().params
  const closed = params.closed === '1'
  const handedOver = params.handover === '1'
  const demo = useLoader(listDemoAccounts, [])
  const [busy, setBusy] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [showStaffForm, setShowStaffForm] = useState(!inWechat)

  const signIn = async (key: string, action: () => Promise<CurrentUser>) => {
    setBusy(key)
    setProblem(null)
    try {
      goAfterLogin(await action())
    } catch (error) {
      setProblem(errorText(toApiError(error)))
    } finally {
      setBusy(null)
    }
  }

  const demoAccounts = demo.data ?? null

  return (
    <PageShell className='login-page'>
      <View className='login-page__title'>终身学习</View>
      <View className='login-page__subtitle'>社区学校、学习场所和您的学习账户</View>

      {closed ? (
        <View className='login-page__problem card' id='login-closed'>
          您的账户已注销，个人信息已永久删除。
        </View>
      ) : null}
      {handedOver ? (
        <View className='card' id='login-handed-over'>
          账户已经交给您了。请再用同一个微信登录，就能看到以前的学习记录和学分。
        </View>
      ) : null}
      {problem ? (
        <View className='login-page__problem card' id='login-error'>
          {problem}
        </View>
      ) : null}

      {inWechat ? (
        <View className='login-page__wechat'>
          <Button
            id='login-wechat'
            type='primary'
            size='xlarge'
            block
            loading={busy === 'wechat'}
            disabled={busy !== null}
            onClick={() => void signIn('wechat', loginWithWechat)}
          >
            微信一键登录
          </Button>
        </View>
      ) : (
        <View className='card muted'>居民请在微信里打开“终身学习”小程序，用微信一键登录。</View>
      )}

      {showStaffForm ? (
        <Section title='教师、管理员登录'>
          <PasswordLoginForm
            busy={busy === 'password'}
            onSubmit={(username, password) => void signIn('password', () => loginWithPassword(username, password))}
          />
        </Section>
      ) : (
        <View role='button' className='login-page__staff-link' id='login-staff' onClick={() => setShowStaffForm(true)}>
          我是教师或管理员，用账号登录
        </View>
      )}

      {demoAccounts && demoAccounts.length ? (
        <Section id='login-demo' title='体验账号' note='不用注册，点一下就能进入体验。'>
          <DemoAccountList
            accounts={demoAccounts}
            busyId={busy}
            onPick={(account: DemoAccount) => void signIn(account.userId, () => loginAsDemo(account.userId))}
          />
        </Section>
      ) : null}
    </PageShell>
  )
}
