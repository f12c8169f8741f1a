import { View } from '@tarojs/components'
import {
  CATEGORY_LABELS,
  CERTIFICATION_STATUS_LABELS,
  CHECKIN_METHOD_LABELS,
  LEARNING_SOURCE_LABELS,
  PARTNER_SCOPE_LABELS,
  RESIDENT_GROUP_LABELS,
  formatCredits,
  formatMinutes,
  type Category,
  type CertificationStatus,
  type CheckInMethod,
  type LearningSource,
  type PartnerScope,
  type ResidentGroup
} from '@lp/shared'
import type { ReactNode } from 'react'
import { useState } from 'react'
import ErrorNotice from '../../../../components/ErrorNotice'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { answerLocationQuestion } from '../../../../services/check-ins'
import { getMyDataCopy } from '../../../../services/rights'
import { useCurrentUser } from '../../../../services/session'
import { tellDone, tellError } from '../../../../utils/feedback'
import { formatDay, formatDayTime } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import type { MyDataCopy } from '../../../../services/api/types'
import AccessLogRow from '../../components/AccessLogRow'
import ResidentOnly from '../../components/ResidentOnly'
import { saveDataCopy } from '../../save-data-copy'
import './index.scss'

/** Long lists show their newest rows here; the downloaded file has every one. */
const SHOWN = 10

const ENROLLMENT_STATUS: Record<string, string> = { enrolled: '已报名', waitlisted: '候补中', cancelled: '已取消' }
const LEDGER_KIND: Record<string, string> = { grant: '学习得到学分', conversion: '学分转换', reversal: '更正' }
const NOMINATED_BY: Record<string, string> = { self: '自己', community: '社区', school: '学校' }

const label = <K extends string>(labels: Record<K, string>, key: string): string => labels[key as K] ?? key

/** A titled list of one kind of data: how many there are, the newest SHOWN of them. */
function DataList<T>({ id, title, items, empty, row }: { id: string; title: string; items: T[]; empty: string; row: (item: T, i: number) => ReactNode }) {
  const note = items.length > SHOWN ? `共 ${items.length} 条，这里显示最近 ${SHOWN} 条，下载的文件里有全部。` : items.length ? `共 ${items.length} 条` : undefined
  return (
    <Section id={id} title={title} note={note}>
      <View className='card my-data__list'>
        {items.length ? items.slice(0, SHOWN).map((item, i) => <View key={i} className='my-data__row'>{row(item, i)}</View>) : <View className='my-data__none'>{empty}</View>}
      </View>
    </Section>
  )
}

function Profile({ copy }: { copy: MyDataCopy }) {
  const p = copy.profile
  return (
    <Section id='my-data-profile' title='基本信息' note='只有您自己能看到完整的手机号和身份证号。'>
      <View className='card my-data__list'>
        {p ? (
          <>
            <InfoRow label='姓名' value={p.realName} />
            <InfoRow label='手机号' value={p.phone ? `${p.phone}${p.phoneVerified ? '（已验证）' : ''}` : '没有'} />
            <InfoRow label='身份证号' value={p.idNumber ?? '没有填写'} />
            <InfoRow label='出生日期' value={p.birthDate} />
            <InfoRow label='所在社区' value={p.community} />
            <InfoRow label='所属人群' value={p.groups.length ? p.groups.map((g) => label(RESIDENT_GROUP_LABELS, g as ResidentGroup)).join('、') : '没有'} />
            <InfoRow label='填写时间' value={formatDayTime(p.boundAt)} />
          </>
        ) : (
          <View className='my-data__none'>还没有填写基本信息。</View>
        )}
        <InfoRow label='注册时间' value={formatDayTime(copy.account.createdAt)} />
      </View>
    </Section>
  )
}

/** The one-time answer about location at check-in, which the resident may change here. */
function LocationAnswer({ copy }: { copy: MyDataCopy }) {
  const [answer, setAnswer] = useState(copy.locationConsent)
  const [saving, setSaving] = useState(false)
  const change = async (given: boolean) => {
    setSaving(true)
    try {
      setAnswer(await answerLocationQuestion(given))
      tellDone(given ? '已改为同意' : '已改为不同意')
    } catch (error) {
      tellError(error)
    } finally {
      setSaving(false)
    }
  }
  const text = answer.given === null ? '还没有问过您' : answer.given ? '同意' : '不同意'
  return (
    <Section id='my-data-location' title='签到时使用位置' note='只在需要确认您在现场的活动签到时用到。不同意也能签到，由老师核对。'>
      <View className='card my-data__list'>
        <InfoRow label='您的选择' value={text} />
        {answer.decidedAt ? <InfoRow label='选择时间' value={`${formatDayTime(answer.decidedAt)}（隐私说明版本 ${answer.privacyTextVersion ?? ''}）`} /> : null}
        {answer.given === null ? null : (
          <Button id='my-data-location-change' size='large' block fill='outline' loading={saving} onClick={() => void change(!answer.given)}>
            {answer.given ? '改为不同意' : '改为同意'}
          </Button>
        )}
      </View>
    </Section>
  )
}

function Copy({ copy }: { copy: MyDataCopy }) {
  return (
    <>
      <Profile copy={copy} />
      <DataList id='my-data-enrollments' title='报名' items={copy.enrollments} empty='没有报名记录。' row={(e) => (
        <>
          <View className='my-data__main'>{e.title}</View>
          <View>{label(ENROLLMENT_STATUS, e.status)} · {formatDay(e.enrolledAt)}</View>
        </>
      )} />
      <DataList id='my-data-attendance' title='签到（时间和地点）' items={copy.attendance} empty='没有签到记录。' row={(a) => (
        <>
          <View className='my-data__main'>{a.title}</View>
          <View>签到 {formatDayTime(a.checkedInAt)}{a.checkedOutAt ? `，签退 ${formatDayTime(a.checkedOutAt)}` : ''}</View>
          <View>地点：{a.place ?? '线上或未定'}{a.position ? '（签到时记下了手机位置）' : ''}</View>
          <View className='muted'>{label(CHECKIN_METHOD_LABELS, a.method as CheckInMethod)}{a.minutes !== null ? ` · 记 ${formatMinutes(a.minutes)}` : ''}</View>
        </>
      )} />
      <DataList id='my-data-records' title='学习记录' items={copy.learningRecords} empty='没有学习记录。' row={(r) => (
        <>
          <View className='my-data__main'>{r.title}</View>
          <View>{formatDay(r.occurredAt)} · {label(CATEGORY_LABELS, r.category as Category)} · {formatMinutes(r.minutes)}</View>
          <View className='muted'>{label(LEARNING_SOURCE_LABELS, r.source as LearningSource)} · {formatCredits(r.creditsMilli)} 学分</View>
        </>
      )} />
      <DataList id='my-data-ledger' title='学分账目' items={copy.ledgerEntries} empty='没有学分变动。' row={(e) => (
        <>
          <View className='my-data__main'>{label(LEDGER_KIND, e.kind)} {e.amountMilli > 0 ? '+' : ''}{formatCredits(e.amountMilli)} 学分</View>
          <View>{formatDayTime(e.at)} · {label(CATEGORY_LABELS, e.category as Category)} · 余 {formatCredits(e.balanceAfterMilli)}</View>
        </>
      )} />
      <DataList id='my-data-consents' title='给合作机构的授权' items={copy.consents} empty='没有给过授权。' row={(c) => (
        <>
          <View className='my-data__main'>{c.partner}</View>
          <View>{c.scopes.map((s) => label(PARTNER_SCOPE_LABELS, s as PartnerScope)).join('、')}</View>
          <View className='muted'>{formatDay(c.createdAt)} 到 {formatDay(c.expiresAt)}{c.revokedAt ? `，${formatDay(c.revokedAt)} 已收回` : ''}</View>
          <View className='muted'>隐私说明版本 {c.privacyTextVersion}</View>
        </>
      )} />
      <LocationAnswer copy={copy} />
      <DataList id='my-data-certifications' title='学分认定' items={copy.certifications} empty='没有申请过认定。' row={(c) => (
        <>
          <View className='my-data__main'>{c.achievement}</View>
          <View>证书编号 {c.certificateNo} · {c.issuer}</View>
          <View className='muted'>{label(CERTIFICATION_STATUS_LABELS, c.status as CertificationStatus)} · 提交于 {formatDay(c.submittedAt)}</View>
        </>
      )} />
      <DataList id='my-data-transcripts' title='成绩单' items={copy.transcripts} empty='没有开过成绩单。' row={(t) => (
        <View className='my-data__main'>{formatDayTime(t.issuedAt)} 开具{t.revoked ? '（已撤销）' : ''}</View>
      )} />
      <DataList id='my-data-nominations' title='评选' items={copy.nominations} empty='没有评选记录。' row={(n) => (
        <>
          <View className='my-data__main'>{n.selection}</View>
          <View>被推荐人 {n.nominee} · 推荐人 {label(NOMINATED_BY, n.nominatedBy)}</View>
        </>
      )} />
      <DataList id='my-data-access' title='谁看过我的信息' items={copy.accessLog} empty='还没有人查看过您的信息。' row={(e, i) => <AccessLogRow entry={e} index={i} />} />
      <View className='muted my-data__footer'>
        导出时间 {formatDayTime(copy.exportedAt)} · 隐私政策版本 {copy.privacyTextVersion}
      </View>
    </>
  )
}

/** 我的数据: everything the portal holds about the resident, readable here and as a file to keep. */
export default function MyDataPage() {
  const user = useCurrentUser()
  const copy = useLoader(getMyDataCopy, [user?.id], !!user?.profileBound)
  const [saving, setSaving] = useState(false)

  const save = async (data: MyDataCopy) => {
    setSaving(true)
    try {
      await saveDataCopy(data)
    } catch (error) {
      tellError(error)
    } finally {
      setSaving(false)
    }
  }

  return (
    <ResidentOnly className='my-data' what='查看平台保存的您的数据'>
      <PageShell className='my-data'>
        <View className='card my-data__intro'>这里是平台保存的关于您的全部信息。您可以下载一份保存起来。</View>
        {copy.error ? <ErrorNotice error={copy.error} onRetry={copy.reload} /> : null}
        {!copy.data && !copy.error ? <LoadingNotice /> : null}
        {copy.data ? (
          <>
            <View className='button-row'>
              <Button id='my-data-download' type='primary' size='large' block loading={saving} onClick={() => void save(copy.data!)}>
                下载我的数据（JSON 文件）
              </Button>
            </View>
            <Copy copy={copy.data} />
          </>
        ) : null}
      </PageShell>
    </ResidentOnly>
  )
}
