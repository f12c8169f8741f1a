import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { CheckInMethod, LEARNER_CODE_PREFIX, checkIdCardNumber, isMobilePhone } from '@lp/shared'
import { useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import { proxyCheckIn, proxyLookup, type ProxyLookupRequest } from '../../../../services/attendance'
import { toApiError } from '../../../../services/request'
import { Button, Input } from '../../../../ui/nutui'
import type { ProxyLookupResult } from '../../../../services/api/types'
import './index.scss'

type Lookup = 'phone' | 'idNumber' | 'learnerCode'

const LOOKUPS: Array<{ value: Lookup; label: string }> = [
  { value: 'phone', label: '手机号' },
  { value: 'idNumber', label: '身份证号' },
  { value: 'learnerCode', label: '学习码' }
]

const PLACEHOLDERS: Record<Lookup, string> = {
  phone: '居民登记的 11 位手机号',
  idNumber: '18 位身份证号',
  learnerCode: '扫到的学习码内容（LPU. 开头）'
}

const IN_WECHAT = process.env.TARO_ENV === 'weapp'

/** What the form can say is wrong before asking the server; null when it looks right. */
function problemOf(lookup: Lookup, value: string): string | null {
  if (lookup === 'phone') return isMobilePhone(value) ? null : '手机号应为 11 位数字。'
  if (lookup === 'idNumber') return checkIdCardNumber(value) === null ? null : '身份证号不对，请再核对一下。'
  return value.startsWith(LEARNER_CODE_PREFIX) ? null : '这不是学习码。学习码在居民小程序“我的学习码”里，也可以打印在纸上。'
}

interface Props {
  sessionId: number
  /** After a 代签, e.g. to read the roster again where it is not pushed. */
  onDone: () => void
}

/**
 * 代签 for a resident without a smartphone, in two steps: find them by phone, ID number or their
 * 学习码, check the name shown (partly hidden) with the person in front of you, then save. Every
 * one is audited.
 */
export default function ProxyForm({ sessionId, onDone }: Props) {
  const [lookup, setLookup] = useState<Lookup>('phone')
  const [value, setValue] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [found, setFound] = useState<ProxyLookupResult | null>(null)

  const send = async (by: Lookup, raw: string) => {
    const text = by === 'idNumber' ? raw.trim().toUpperCase() : raw.trim()
    setDone(null)
    setFound(null)
    const local = text ? problemOf(by, text) : `请先填写居民的${LOOKUPS.find((l) => l.value === by)?.label ?? ''}。`
    setProblem(local)
    if (local) return
    const body: ProxyLookupRequest = { [by]: text }
    setBusy(true)
    try {
      setFound(await proxyLookup(sessionId, body))
    } catch (error) {
      setProblem(toApiError(error).message)
    } finally {
      setBusy(false)
    }
  }

  const save = async (token: string) => {
    setBusy(true)
    try {
      const result = await proxyCheckIn(sessionId, token)
      setValue('')
      setFound(null)
      setDone(result.method === CheckInMethod.Proxy ? '代签成功，名单里已经标出。' : '这位居民已经签到过了，不用代签。')
      onDone()
    } catch (error) {
      setFound(null)
      setProblem(toApiError(error).message)
    } finally {
      setBusy(false)
    }
  }

  const scanLearnerCode = async () => {
    let content: string
    try {
      content = (await Taro.scanCode({ scanType: ['qrCode'] })).result
    } catch {
      return
    }
    setLookup('learnerCode')
    setValue(content)
    void send('learnerCode', content)
  }

  return (
    <View className='proxy-form card' id='proxy-form'>
      <View className='card__title'>代签</View>
      <View className='muted'>给没有智能手机的居民签到。每一次代签都会记下是哪位老师做的，管理员可以查看。</View>
      <ChipGroup
        id='proxy-by'
        options={LOOKUPS}
        isOn={(by) => by === lookup}
        onTap={(by) => {
          setLookup(by)
          setValue('')
          setProblem(null)
        }}
      />
      {IN_WECHAT && lookup === 'learnerCode' ? (
        <View className='button-row'>
          <Button id='proxy-scan' type='primary' fill='outline' size='large' block onClick={() => void scanLearnerCode()}>
            扫居民的学习码
          </Button>
        </View>
      ) : null}
      <View className='proxy-form__input'>
        <Input
          key={lookup}
          id={`proxy-${lookup}`}
          type={lookup === 'phone' ? 'number' : 'text'}
          value={value}
          maxLength={lookup === 'phone' ? 11 : lookup === 'idNumber' ? 18 : 100}
          placeholder={PLACEHOLDERS[lookup]}
          onChange={(next: string) => setValue(next)}
        />
      </View>
      {problem ? (
        <View className='proxy-form__problem' id='proxy-error'>
          {problem}
        </View>
      ) : null}
      {done ? (
        <View className='proxy-form__done' id='proxy-done'>
          {done}
        </View>
      ) : null}
      {found ? (
        <FoundResident found={found} busy={busy} onSave={(token) => void save(token)} onCancel={() => setFound(null)} />
      ) : (
        <View className='button-row'>
          <Button id='proxy-submit' type='primary' size='large' block loading={busy} onClick={() => void send(lookup, value)}>
            查找居民
          </Button>
        </View>
      )}
    </View>
  )
}

interface FoundProps {
  found: ProxyLookupResult
  busy: boolean
  onSave: (token: string) => void
  onCancel: () => void
}

/** Whom the lookup found: the teacher asks the person before saving. */
function FoundResident({ found, busy, onSave, onCancel }: FoundProps) {
  const token = found.lookupToken
  return (
    <View className='proxy-found' id='proxy-found'>
      <View className='proxy-found__name' id='proxy-found-name'>
        {found.residentNameMasked}
      </View>
      <View className='proxy-found__line'>手机 {found.phoneMasked}</View>
      <View className='proxy-found__line'>{found.enrolled ? '已报名' : '没有报名'}</View>
      {token ? (
        <>
          <View className='proxy-found__line'>请问一下是不是这位居民，是的话再点“确认代签”。</View>
          <View className='button-row'>
            <Button id='proxy-confirm' type='primary' size='large' block loading={busy} onClick={() => onSave(token)}>
              确认代签
            </Button>
          </View>
        </>
      ) : (
        <View className='proxy-form__problem' id='proxy-found-problem'>
          {found.problem}
        </View>
      )}
      <View className='button-row'>
        <Button id='proxy-cancel' size='large' block disabled={busy} onClick={onCancel}>
          {token ? '不是这位，重新查找' : '重新查找'}
        </Button>
      </View>
    </View>
  )
}
