import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { GUARDIAN_RELATIONSHIP_LABELS, GuardianRelationship, PRIVACY_TEXT_VERSION, REAL_NAME_LENGTH, idCardBirthDate } from '@lp/shared'
import { useState } from 'react'
import BirthDateField from '../../../../components/BirthDateField'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { useSubmit } from '../../../../hooks/useSubmit'
import { acting, useActingChild } from '../../../../services/acting'
import { addChild, inviteGuardian, issueHandover, joinAsGuardian, listMyChildren, setChildConsent } from '../../../../services/guardians'
import type { ChildView, GuardianInvitation } from '../../../../services/api/types'
import { tellDone, tellError } from '../../../../utils/feedback'
import { formatDayTime } from '../../../../utils/time'
import { Button, Input } from '../../../../ui/nutui'
import ResidentOnly from '../../components/ResidentOnly'
import './index.scss'

const RELATIONSHIPS = Object.values(GuardianRelationship).map((value) => ({ value, label: GUARDIAN_RELATIONSHIP_LABELS[value] }))

interface ChildForm {
  realName: string
  birthDate: string
  idNumber: string
  relationship: GuardianRelationship | null
  consent: boolean
}

const EMPTY: ChildForm = { realName: '', birthDate: '', idNumber: '', relationship: null, consent: false }

/** The tick a guardian gives their consent with, naming the privacy text's version. */
function ConsentTick({ id, on, onTap }: { id: string; on: boolean; onTap: () => void }) {
  return (
    <View className='children-page__consent' id={id} role='checkbox' aria-checked={on} onClick={onTap}>
      <View className={on ? 'children-page__box children-page__box--on' : 'children-page__box'}>{on ? '✓' : ''}</View>
      <View>
        我是孩子的监护人，已阅读《隐私政策》（{PRIVACY_TEXT_VERSION} 版），同意平台为孩子的学习处理孩子的姓名、出生日期、身份证号和学习记录。以后可以随时收回。
      </View>
    </View>
  )
}

/** 8 digits read out in two groups of four. */
const spacedCode = (code: string) => `${code.slice(0, 4)} ${code.slice(4)}`

/** What a one-time code is for: who it is for, what they do with it. */
interface CodeUse {
  id: string
  button: string
  told: string
  how: string
  make: (childId: string) => Promise<GuardianInvitation>
}

const INVITE: CodeUse = {
  id: 'invitation',
  button: '邀请另一位监护人',
  told: '请把邀请码告诉孩子的另一位监护人：',
  how: '对方在“我的 → 我的孩子”里输入这个邀请码，并自己同意后，就能为孩子操作。',
  make: inviteGuardian
}

const HANDOVER: CodeUse = {
  id: 'handover',
  button: '把账户交给孩子',
  told: '请把交接码告诉孩子：',
  how: '孩子用自己的微信登录，在“我的 → 接收家长给我的账户”里输入。交接后账户归孩子自己，您就不能再为孩子操作了。',
  make: issueHandover
}

/** A one-time code for the child: made on a tap, then shown large with what to do with it. */
function OneTimeCode({ child, use }: { child: ChildView; use: CodeUse }) {
  const [made, setMade] = useState<GuardianInvitation | null>(null)
  const [busy, setBusy] = useState(false)
  const make = async () => {
    setBusy(true)
    try {
      setMade(await use.make(child.userId))
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }
  if (made) {
    return (
      <View className='children-page__invitation' id={`child-${use.id}-${child.userId}`}>
        <View>{use.told}</View>
        <View className='children-page__code' id={`child-${use.id}-code-${child.userId}`}>
          {spacedCode(made.code)}
        </View>
        <View className='muted'>
          {use.how}只能用一次，{formatDayTime(made.expiresAt)}前有效。
        </View>
      </View>
    )
  }
  return (
    <Button id={`child-${use.id}-make-${child.userId}`} block loading={busy} onClick={() => void make()}>
      {use.button}
    </Button>
  )
}

/** One child: who, whether my consent stands, and the switch to act for them. */
function ChildCard({ child, onChanged }: { child: ChildView; onChanged: () => void }) {
  const [busy, setBusy] = useState(false)
  const current = useActingChild()
  const decide = async (given: boolean) => {
    if (!given) {
      const { confirm } = await Taro.showModal({
        title: '收回同意',
        content: `收回后，${child.realName}的账户会冻结：不能报名、签到和学习。以后可以再同意。`,
        confirmText: '收回',
        cancelText: '先不'
      })
      if (!confirm) return
    }
    setBusy(true)
    try {
      await setChildConsent(child.userId, given)
      if (!given && current?.id === child.userId) acting.stop()
      tellDone(given ? '已同意' : '已收回')
      onChanged()
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }
  const actFor = () => {
    acting.start({ id: child.userId, name: child.realName })
    void Taro.switchTab({ url: '/pages/account/index' })
  }
  return (
    <View className='card children-page__child' id={`child-${child.userId}`}>
      <View className='children-page__name'>{child.realName}</View>
      <InfoRow label='年龄' value={`${child.age} 岁`} />
      <InfoRow label='关系' value={GUARDIAN_RELATIONSHIP_LABELS[child.relationship]} />
      {child.idNumberMasked ? <InfoRow label='身份证号' value={child.idNumberMasked} /> : null}
      <InfoRow
        label='您的同意'
        value={
          child.consentGiven ? (
            `${formatDayTime(child.decidedAt)} 同意（隐私政策 ${child.privacyTextVersion} 版）`
          ) : (
            <View className='children-page__frozen'>已收回，孩子的账户已冻结</View>
          )
        }
      />
      {child.otherGuardians.map((g, i) => (
        <InfoRow key={i} label='另一位监护人' value={`${g.nameMasked}（${g.relationshipLabel}，${g.consentGiven ? '已同意' : '已收回同意'}）`} />
      ))}
      {child.actsAlone ? <View className='muted'>孩子已满14周岁，可以自己登录使用；您还能查看孩子的学习记录。</View> : null}
      {child.consentGiven ? (
        <>
          <Button id={`child-act-${child.userId}`} type='primary' block onClick={actFor}>
            为{child.realName}操作
          </Button>
          {child.mayInvite ? <OneTimeCode child={child} use={INVITE} /> : null}
          {child.actsAlone ? <OneTimeCode child={child} use={HANDOVER} /> : null}
          <Button id={`child-withdraw-${child.userId}`} block loading={busy} onClick={() => void decide(false)}>
            收回同意
          </Button>
        </>
      ) : (
        <Button id={`child-consent-${child.userId}`} type='primary' block loading={busy} onClick={() => void decide(true)}>
          重新同意
        </Button>
      )}
    </View>
  )
}

/** The form a guardian adds a child under 14 with, consenting for them in the same step. */
function AddChildForm({ onAdded }: { onAdded: () => void }) {
  const [form, setForm] = useState<ChildForm>(EMPTY)
  const { sending, problem, submit } = useSubmit()
  const update = (patch: Partial<ChildForm>) => setForm((f) => ({ ...f, ...patch }))
  const birthFromId = form.idNumber.length === 18 ? idCardBirthDate(form.idNumber.toUpperCase()) : null
  const add = () =>
    submit(async () => {
      await addChild({
        realName: form.realName.trim(),
        birthDate: birthFromId ?? form.birthDate,
        relationship: form.relationship ?? GuardianRelationship.Parent,
        idNumber: form.idNumber.trim() || undefined,
        consent: form.consent
      })
      tellDone('已添加')
      setForm(EMPTY)
      onAdded()
    })
  const ready = form.realName.trim().length >= REAL_NAME_LENGTH.min && (birthFromId ?? form.birthDate) !== '' && form.relationship !== null && form.consent
  return (
    <Section id='children-add' title='添加孩子' note='不满14周岁的孩子，由您添加并同意后，您就可以为孩子报名、签到，查看孩子的学习账户。'>
      {problem ? <ErrorNotice error={problem} /> : null}
      <View className='card'>
        <FormField label='* 孩子的姓名'>
          <Input id='child-realName' value={form.realName} placeholder='例如：王小明' maxLength={REAL_NAME_LENGTH.max} onChange={(value: string) => update({ realName: value })} />
        </FormField>
        <FormField label='孩子的身份证号（可以不填）'>
          <Input id='child-idNumber' type='idcard' value={form.idNumber} placeholder='18 位身份证号' maxLength={18} onChange={(value: string) => update({ idNumber: value })} />
        </FormField>
        <BirthDateField value={birthFromId ?? form.birthDate} fromIdNumber={birthFromId !== null} onChange={(birthDate) => update({ birthDate })} />
        <FormField label='* 您是孩子的'>
          <ChipGroup id='child-relationship' options={RELATIONSHIPS} isOn={(v) => v === form.relationship} onTap={(relationship) => update({ relationship })} />
        </FormField>
        <ConsentTick id='child-consent' on={form.consent} onTap={() => update({ consent: !form.consent })} />
      </View>
      <Button id='child-submit' type='primary' size='large' block loading={sending} disabled={!ready} onClick={() => void add()}>
        添加并同意
      </Button>
    </Section>
  )
}

/** The other guardian's side: the invitation code, the relationship and their own consent. */
function JoinChildForm({ onJoined }: { onJoined: () => void }) {
  const [code, setCode] = useState('')
  const [relationship, setRelationship] = useState<GuardianRelationship | null>(null)
  const [consent, setConsent] = useState(false)
  const { sending, problem, submit } = useSubmit()
  const digits = code.replace(/\D/g, '')
  const join = () =>
    submit(async () => {
      const child = await joinAsGuardian({ code: digits, relationship: relationship ?? GuardianRelationship.Parent, consent })
      tellDone(`已成为${child.realName}的监护人`)
      setCode('')
      setRelationship(null)
      setConsent(false)
      onJoined()
    })
  return (
    <Section id='children-join' title='用邀请码添加孩子' note='孩子的另一位监护人（比如孩子的爸爸或妈妈）已经添加了孩子，请对方在“我的孩子”里生成邀请码给您。'>
      {problem ? <ErrorNotice error={problem} /> : null}
      <View className='card'>
        <FormField label='* 8位邀请码'>
          <Input id='join-code' type='number' value={code} placeholder='例如：1234 5678' maxLength={9} onChange={(value: string) => setCode(value)} />
        </FormField>
        <FormField label='* 您是孩子的'>
          <ChipGroup id='join-relationship' options={RELATIONSHIPS} isOn={(v) => v === relationship} onTap={(v) => setRelationship(v)} />
        </FormField>
        <ConsentTick id='join-consent' on={consent} onTap={() => setConsent(!consent)} />
      </View>
      <Button id='join-submit' type='primary' size='large' block loading={sending} disabled={digits.length !== 8 || relationship === null || !consent} onClick={() => void join()}>
        确认并同意
      </Button>
    </Section>
  )
}

/** 我的孩子: the guardian's children under 18, consent for each, acting for one, adding another. */
export default function ChildrenPage() {
  const children = useLoader(listMyChildren, [])
  return (
    <ResidentOnly className='children-page' what='添加孩子'>
      <PageShell className='children-page'>
        <View className='children-page__intro muted'>按《个人信息保护法》，不满14周岁的孩子要由监护人同意后才能使用。</View>
        {children.error ? (
          <ErrorNotice error={children.error} onRetry={children.reload} />
        ) : children.data ? (
          children.data.length ? (
            <View id='children-list'>
              {children.data.map((child) => (
                <ChildCard key={child.userId} child={child} onChanged={children.reload} />
              ))}
            </View>
          ) : (
            <EmptyNotice id='children-empty' text='您还没有添加孩子。' />
          )
        ) : (
          <LoadingNotice text='正在读取…' />
        )}
        <AddChildForm onAdded={children.reload} />
        <JoinChildForm onJoined={children.reload} />
      </PageShell>
    </ResidentOnly>
  )
}
