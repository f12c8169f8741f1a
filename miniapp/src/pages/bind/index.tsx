import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ProfileError, REAL_NAME_LENGTH, Role, idCardBirthDate } from '@lp/shared'
import { useState } from 'react'
import AreaChooser from '../../components/AreaChooser'
import BirthDateField from '../../components/BirthDateField'
import EmptyNotice from '../../components/EmptyNotice'
import ErrorNotice from '../../components/ErrorNotice'
import FormField from '../../components/FormField'
import GroupChooser from '../../components/GroupChooser'
import LoadingNotice from '../../components/LoadingNotice'
import PageShell from '../../components/PageShell'
import PhoneVerifyButton from '../../components/PhoneVerifyButton'
import { useLoader } from '../../hooks/useLoader'
import { useSubmit } from '../../hooks/useSubmit'
import { getAreaTree } from '../../services/areas'
import { reloadCurrentUser } from '../../services/auth'
import { bindProfile } from '../../services/profile'
import { useCurrentUser } from '../../services/session'
import { tellDone } from '../../utils/feedback'
import { ROUTES } from '../../utils/routes'
import { Button, Input } from '../../ui/nutui'
import {
  EMPTY_FORM,
  idNumberProblem,
  problemFieldOf,
  phoneProblem,
  toRequest,
  validate,
  type BindForm,
  type BindProblems
} from './form'
import './index.scss'

const IN_WECHAT = process.env.TARO_ENV === 'weapp'

/** The one-time binding: who the resident is and where they live. */
export default function BindPage() {
  const user = useCurrentUser()
  const tree = useLoader(getAreaTree, [])
  const [form, setForm] = useState<BindForm>(EMPTY_FORM)
  const [problems, setProblems] = useState<BindProblems>({})
  const { sending, problem: serverError, submit: send, forget } = useSubmit()
  const [tried, setTried] = useState(false)

  if (!user) {
    return (
      <PageShell className='bind-page'>
        <EmptyNotice text='请先登录，再填写基本信息。' actionText='登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  if (user.role !== Role.Resident || user.profileBound) {
    return (
      <PageShell className='bind-page'>
        <EmptyNotice
          text={user.profileBound ? '您已经填写过基本信息了，不用再填。' : '只有居民需要填写基本信息。'}
          actionText='回到首页'
          onAction={() => void Taro.switchTab({ url: ROUTES.home })}
        />
      </PageShell>
    )
  }

  // Changing a field takes away its red message; the next check happens on blur or on 提交.
  const update = (patch: Partial<BindForm>) => {
    setForm((current) => ({ ...current, ...patch }))
    const fixed = (Object.keys(patch) as Array<keyof BindForm>).map(problemFieldOf)
    setProblems((current) => {
      const next = { ...current }
      for (const field of fixed) if (field) delete next[field]
      return next
    })
  }
  const birthFromId = !idNumberProblem(form.idNumber) && form.idNumber.trim() ? idCardBirthDate(form.idNumber.trim()) : null

  const changeIdNumber = (value: string) => {
    const trimmed = value.trim()
    const fromId = trimmed && !idNumberProblem(trimmed) ? idCardBirthDate(trimmed) : null
    // A date read from an earlier, now changed number must not linger.
    update({ idNumber: value, birthDate: fromId ?? (birthFromId ? '' : form.birthDate) })
    // Checked as soon as all 18 characters are in, not on blur: a message appearing on blur
    // moves the page under the finger that is already tapping the next field.
    if (trimmed.length >= 18) setProblems((current) => ({ ...current, idNumber: idNumberProblem(trimmed) }))
  }

  const changePhone = (value: string) => {
    update({ phone: value })
    if (value.trim().length >= 11) setProblems((current) => ({ ...current, phone: phoneProblem(value) }))
  }

  const submit = async () => {
    const found = validate(form)
    setTried(true)
    setProblems(found)
    forget()
    if (Object.keys(found).length) {
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
      return
    }
    await send(
      async () => {
        await bindProfile(toRequest(form))
        await reloadCurrentUser()
        tellDone('填好了')
        void Taro.switchTab({ url: ROUTES.home })
      },
      {
        refused: (refusal) => {
          // a code from 手机号快速验证 works once and for five minutes: offer the button again
          if (refusal.code === ProfileError.PhoneCodeInvalid) update({ phoneCode: null })
          void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
        }
      }
    )
  }

  const problemCount = Object.values(problems).filter(Boolean).length

  return (
    <PageShell className='bind-page'>
      <View className='bind-page__intro'>只需要填这一次。带 * 的必须填。</View>

      {serverError ? <ErrorNotice error={serverError} /> : null}
      {tried && problemCount ? (
        <View className='bind-page__problems card' id='bind-problems'>
          还有 {problemCount} 处需要改一下，请看下面的红字。
        </View>
      ) : null}

      <View className='card'>
        <FormField label='* 真实姓名' error={problems.realName}>
          <Input
            id='bind-realName'
            value={form.realName}
            placeholder='例如：王秀英'
            maxLength={REAL_NAME_LENGTH.max}
            onChange={(value: string) => update({ realName: value })}
          />
        </FormField>

        {form.phoneCode ? (
          <FormField label='* 手机号' hint='提交时向微信确认这个号码。'>
            <View className='bind-page__phone-verified' id='bind-phone-from-wechat'>
              用您在微信里的手机号
            </View>
            <Button id='bind-phone-type-instead' fill='none' onClick={() => update({ phoneCode: null })}>
              改成自己填写
            </Button>
          </FormField>
        ) : (
          <FormField label='* 手机号' hint={IN_WECHAT ? '点“手机号快速验证”，不用自己输入。' : undefined} error={problems.phone}>
            <PhoneVerifyButton id='bind-phone-verify' onCode={(phoneCode) => update({ phoneCode, phone: '' })} />
            <Input
              id='bind-phone'
              type='number'
              value={form.phone}
              placeholder={IN_WECHAT ? '或者自己填写 11 位手机号' : '11 位手机号'}
              maxLength={11}
              onChange={changePhone}
            />
          </FormField>
        )}

        <FormField label='身份证号（可以不填）' hint='填了就不用再选出生日期。' error={problems.idNumber}>
          <Input
            id='bind-idNumber'
            type='idcard'
            value={form.idNumber}
            placeholder='18 位身份证号'
            maxLength={18}
            onChange={changeIdNumber}
          />
        </FormField>

        <BirthDateField
          value={form.birthDate}
          fromIdNumber={birthFromId !== null}
          error={problems.birthDate}
          onChange={(birthDate) => update({ birthDate })}
        />
      </View>

      <View className='card'>
        {tree.error ? (
          <ErrorNotice error={tree.error} onRetry={tree.reload} />
        ) : tree.data ? (
          <AreaChooser
            district={tree.data}
            streetId={form.streetId}
            communityId={form.communityId}
            error={problems.community}
            onChange={(streetId, communityId) => update({ streetId, communityId })}
          />
        ) : (
          <LoadingNotice text='正在读取街道和社区…' />
        )}
      </View>

      <View className='card'>
        <FormField label='您的身份（可以多选，也可以不选）' hint='60 岁以上会自动算作老年人，不用选。'>
          <GroupChooser value={form.groups} onChange={(groups) => update({ groups })} />
        </FormField>
      </View>

      <Button id='bind-submit' className='bind-submit' type='primary' size='large' block loading={sending} onClick={submit}>
        提交
      </Button>
    </PageShell>
  )
}
