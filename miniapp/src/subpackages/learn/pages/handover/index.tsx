import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import PageShell from '../../../../components/PageShell'
import { useSubmit } from '../../../../hooks/useSubmit'
import { canLoginWithWechat, loginWithWechat } from '../../../../services/auth'
import { takeOverAccount } from '../../../../services/guardians'
import { session } from '../../../../services/session'
import { tellDone } from '../../../../utils/feedback'
import { ROUTES } from '../../../../utils/routes'
import { Button, Input } from '../../../../ui/nutui'
import './index.scss'

/**
 * 接收我的账户: a child of 14 or older, logged in with their own WeChat, enters the code their
 * guardian made; the account the guardian kept for them (records and credits included) is then
 * theirs, and this WeChat logs in to it.
 */
export default function HandoverPage() {
  const [code, setCode] = useState('')
  const { sending, problem, submit } = useSubmit()
  const digits = code.replace(/\D/g, '')
  const receive = () =>
    submit(
      async () => {
        const taken = await takeOverAccount(digits)
        // the login this was entered with is closed: log in again with the same WeChat, now the child's own account
        session.clear()
        if (canLoginWithWechat()) {
          await loginWithWechat()
          tellDone(`欢迎，${taken.realName}`)
          void Taro.reLaunch({ url: ROUTES.mine })
        } else {
          void Taro.reLaunch({ url: `${ROUTES.login}?handover=1` })
        }
      },
      { leaving: true }
    )
  return (
    <PageShell className='handover-page'>
      <View className='card handover-page__steps' id='handover-steps'>
        <View>满14周岁后，爸爸妈妈（监护人）可以把帮您保管的账户交给您自己。</View>
        <View>1. 请监护人在“我的 → 我的孩子”里，点“把账户交给孩子”，拿到8位交接码。</View>
        <View>2. 在下面输入交接码。以前的学习记录和学分都会保留。</View>
      </View>
      {problem ? <ErrorNotice error={problem} /> : null}
      <View className='card'>
        <FormField label='* 8位交接码'>
          <Input id='handover-code' type='number' value={code} placeholder='例如：1234 5678' maxLength={9} onChange={(value: string) => setCode(value)} />
        </FormField>
      </View>
      <Button id='handover-submit' type='primary' size='large' block loading={sending} disabled={digits.length !== 8} onClick={() => void receive()}>
        接收我的账户
      </Button>
    </PageShell>
  )
}
