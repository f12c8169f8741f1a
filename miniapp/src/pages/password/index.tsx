import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import EmptyNotice from '../../components/EmptyNotice'
import FormField from '../../components/FormField'
import PageShell from '../../components/PageShell'
import { changePassword, logout } from '../../services/auth'
import { useCurrentUser } from '../../services/session'
import { errorText } from '../../utils/feedback'
import { ROUTES, isAdmin, isTeacher, workbenchOf } from '../../utils/routes'
import { Button, Input } from '../../ui/nutui'
import './index.scss'

/**
 * 修改密码 for teachers and admins: required at the first login and after a reset (the server
 * opens nothing else until it is done), and open any time from 我的. The server checks the policy
 * and answers in Chinese; this page only checks that the two new entries match.
 */
export default function PasswordPage() {
  const user = useCurrentUser()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [again, setAgain] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  if (!user || !(isTeacher(user) || isAdmin(user))) {
    return (
      <PageShell className='password-page'>
        <EmptyNotice text='请用教师或管理员账号登录后修改密码。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  const required = user.passwordChangeRequired

  const submit = async () => {
    if (!current || !next) {
      setProblem('请填写现在的密码和新密码。')
      return
    }
    if (next !== again) {
      setProblem('两次输入的新密码不一样，请再输一遍。')
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      const changed = await changePassword(current, next)
      void Taro.showToast({ title: '密码已修改', icon: 'success', duration: 2000 })
      void Taro.reLaunch({ url: workbenchOf(changed) })
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell className='password-page'>
      <View className='password-page__title'>{required ? '请先设置您自己的密码' : '修改密码'}</View>
      <View className='muted password-page__note'>
        {required ? '现在的密码是管理员给的临时密码。换成只有您知道的密码后才能继续使用。' : '改好以后，其他设备上的登录会退出。'}
        新密码至少12位，不能是常见的密码或重复的字符，可以用一句好记的话。
      </View>
      {problem ? (
        <View className='password-page__problem card' id='password-error'>
          {problem}
        </View>
      ) : null}
      <View className='card'>
        <FormField label={required ? '临时密码' : '现在的密码'}>
          <Input id='password-current' type='password' value={current} placeholder='请输入' maxLength={128} onChange={setCurrent} />
        </FormField>
        <FormField label='新密码' hint='至少12位'>
          <Input id='password-new' type='password' value={next} placeholder='请输入新密码' maxLength={128} onChange={setNext} />
        </FormField>
        <FormField label='再输一遍新密码'>
          <Input id='password-again' type='password' value={again} placeholder='请再输一遍' maxLength={128} onChange={setAgain} onConfirm={() => void submit()} />
        </FormField>
        <Button id='password-submit' type='primary' size='large' block loading={busy} onClick={() => void submit()}>
          保存新密码
        </Button>
      </View>
      {required ? (
        <View className='button-row'>
          <Button id='password-logout' size='large' block onClick={() => void logout().finally(() => Taro.reLaunch({ url: ROUTES.login }))}>
            退出登录
          </Button>
        </View>
      ) : null}
    </PageShell>
  )
}
