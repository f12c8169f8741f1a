import { View } from '@tarojs/components'
import { useState } from 'react'
import FormField from '../FormField'
import { Button, Input } from '../../ui/nutui'

interface Props {
  busy: boolean
  onSubmit: (username: string, password: string) => void
}

/** 教师/管理员 sign in with the account the administrator gave them. */
export default function PasswordLoginForm({ busy, onSubmit }: Props) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [problem, setProblem] = useState<string | null>(null)

  const submit = () => {
    if (!username.trim() || !password) {
      setProblem('请填写账号和密码。')
      return
    }
    setProblem(null)
    onSubmit(username.trim(), password)
  }

  return (
    <View className='password-login card'>
      <FormField label='账号'>
        <Input id='login-username' className='login-username' value={username} placeholder='请输入账号' onChange={setUsername} />
      </FormField>
      <FormField label='密码' error={problem}>
        <Input
          id='login-password'
          className='login-password'
          type='password'
          value={password}
          placeholder='请输入密码'
          onChange={setPassword}
          onConfirm={submit}
        />
      </FormField>
      <Button id='login-submit' className='login-submit' type='primary' size='large' block loading={busy} onClick={submit}>
        登录
      </Button>
    </View>
  )
}
