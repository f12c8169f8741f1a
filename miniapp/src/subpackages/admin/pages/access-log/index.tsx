import { View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { ROLE_LABELS } from '@lp/shared'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import TextBox from '../../../../components/TextBox'
import { usePagedList } from '../../../../hooks/usePagedList'
import { listAccessLog, type AccessLogFilter } from '../../../../services/rights'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import type { AccessLogEntry } from '../../../../services/api/types'
import './index.scss'

const DAY = /^\d{4}-\d{2}-\d{2}$/

interface Narrowing {
  filter: AccessLogFilter
  /** What the filter means, in words: 居民 张** / 工作人员 李老师. */
  who: string | null
}

function EntryCard({ entry, onResident, onStaff }: { entry: AccessLogEntry; onResident: () => void; onStaff: () => void }) {
  return (
    <View className='card access-audit-card' id={`access-audit-${entry.id}`}>
      <View className='access-audit-card__who'>
        {entry.staff.name}（{ROLE_LABELS[entry.staff.role]}）查看了 {entry.resident.nameMasked}
      </View>
      <InfoRow label='时间' value={formatDayTime(entry.at)} />
      <InfoRow label='看了什么' value={entry.purpose} />
      <InfoRow label='单位' value={[entry.areaName, entry.schoolName].filter(Boolean).join(' ') || '—'} />
      <View className='access-audit-card__actions'>
        <Button id={`access-audit-resident-${entry.id}`} size='small' fill='outline' onClick={onResident}>
          只看这位居民
        </Button>
        <Button id={`access-audit-staff-${entry.id}`} size='small' fill='outline' onClick={onStaff}>
          只看这位工作人员
        </Button>
      </View>
    </View>
  )
}

/** 个人信息查看记录: each time a teacher or administrator of the admin's area was shown one resident's personal data. */
export default function AccessAuditPage() {
  const user = useCurrentUser()
  const admin = isAdmin(user)
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [narrowing, setNarrowing] = useState<Narrowing>({ filter: {}, who: null })
  const [problem, setProblem] = useState<string | null>(null)
  const list = usePagedList((cursor) => listAccessLog(narrowing.filter, cursor), [narrowing], admin)
  useReachBottom(list.loadMore)

  if (!user || !admin) {
    return (
      <PageShell className='access-audit'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const applyDates = () => {
    if ((from && !DAY.test(from)) || (to && !DAY.test(to))) return setProblem('日期请写成 2026-05-01 这样。')
    setProblem(null)
    setNarrowing((n) => ({ ...n, filter: { ...n.filter, from: from || undefined, to: to || undefined } }))
  }
  const only = (who: string, change: AccessLogFilter) => setNarrowing((n) => ({ filter: { from: n.filter.from, to: n.filter.to, ...change }, who }))

  return (
    <PageShell className='access-audit'>
      <View className='access-audit__title'>{user.area?.name}的个人信息查看记录</View>
      <View className='muted access-audit__note'>本辖区的老师和管理员每次查看一位居民的个人信息（代签查找、认定材料、名册等），都记在这里，最新的在前。</View>

      <View className='card'>
        <FormField label='从哪天起'>
          <TextBox id='access-audit-from' value={from} onChange={setFrom} placeholder='如 2026-05-01' maxLength={10} />
        </FormField>
        <FormField label='到哪天止'>
          <TextBox id='access-audit-to' value={to} onChange={setTo} placeholder='如 2026-05-31' maxLength={10} />
        </FormField>
        {problem ? <View className='access-audit__problem'>{problem}</View> : null}
        <Button id='access-audit-dates' type='primary' size='large' block onClick={applyDates}>
          按日期查看
        </Button>
      </View>

      {narrowing.who ? (
        <View className='card access-audit__narrowed' id='access-audit-narrowed'>
          <View>只看{narrowing.who}</View>
          <Button id='access-audit-all' size='small' fill='outline' onClick={() => setNarrowing((n) => ({ filter: { from: n.filter.from, to: n.filter.to }, who: null }))}>
            看全部
          </Button>
        </View>
      ) : null}

      <View id='access-audit-list'>
        {list.items.map((entry) => (
          <EntryCard
            key={entry.id}
            entry={entry}
            onResident={() => only(`居民 ${entry.resident.nameMasked}`, { residentId: entry.resident.userId })}
            onStaff={() => only(`工作人员 ${entry.staff.name}`, { staffId: entry.staff.userId })}
          />
        ))}
      </View>

      {list.error ? <ErrorNotice error={list.error} onRetry={list.loadMore} /> : null}
      {list.loading ? <LoadingNotice /> : null}
      {list.started && !list.items.length && !list.error ? <EmptyNotice id='access-audit-empty' text='没有查看记录。' /> : null}
      {list.hasMore && !list.loading && !list.error ? (
        <Button id='access-audit-more' block fill='outline' size='large' onClick={list.loadMore}>
          加载更多
        </Button>
      ) : null}
    </PageShell>
  )
}
