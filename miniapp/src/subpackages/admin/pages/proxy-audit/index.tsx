import { View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { usePagedList } from '../../../../hooks/usePagedList'
import { listProxyAudit } from '../../../../services/attendance'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import type { ProxyAuditEntry } from '../../../../services/api/types'
import './index.scss'

const LOOKED_UP_BY: Record<ProxyAuditEntry['lookedUpBy'], string> = {
  phone: '按手机号',
  id_number: '按身份证号',
  learner_code: '扫学习码'
}

function AuditCard({ entry }: { entry: ProxyAuditEntry }) {
  return (
    <View className='card proxy-audit-card' id={`proxy-audit-${entry.attendanceId}`}>
      <View className='proxy-audit-card__who'>
        {entry.teacherName} 为 {entry.residentName} 代签
      </View>
      <InfoRow label='时间' value={formatDayTime(entry.at)} />
      <InfoRow label='课程活动' value={`${entry.offeringTitle}（${formatDayTime(entry.sessionStartsAt)} 开始）`} />
      <InfoRow label='怎样找到居民' value={LOOKED_UP_BY[entry.lookedUpBy]} />
      <InfoRow label='地区' value={entry.area.name} />
    </View>
  )
}

/** 代签记录: every check-in a teacher made for a resident in the admin's area, newest first. */
export default function ProxyAuditPage() {
  const user = useCurrentUser()
  const areaId = user?.area?.id ?? null
  const list = usePagedList((cursor) => listProxyAudit(areaId ?? 0, cursor), [areaId], areaId !== null && isAdmin(user))
  useReachBottom(list.loadMore)

  if (!user || !isAdmin(user) || areaId === null) {
    return (
      <PageShell className='proxy-audit'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  return (
    <PageShell className='proxy-audit'>
      <View className='proxy-audit__title'>{user.area?.name}的代签记录</View>
      <View className='muted proxy-audit__note'>老师替没有智能手机的居民签到时，每一次都记在这里，最新的在前。</View>

      <View id='proxy-audit-list'>
        {list.items.map((entry) => (
          <AuditCard key={entry.attendanceId} entry={entry} />
        ))}
      </View>

      {list.error ? <ErrorNotice error={list.error} onRetry={list.loadMore} /> : null}
      {list.loading ? <LoadingNotice /> : null}
      {list.started && !list.items.length && !list.error ? <EmptyNotice id='proxy-audit-empty' text='还没有代签记录。' /> : null}
      {list.hasMore && !list.loading && !list.error ? (
        <Button id='proxy-audit-more' block fill='outline' size='large' onClick={list.loadMore}>
          加载更多
        </Button>
      ) : null}
      {list.started && list.items.length && !list.hasMore ? (
        <View className='muted proxy-audit__end' id='proxy-audit-end'>
          已经全部显示，共 {list.items.length} 次。
        </View>
      ) : null}
    </PageShell>
  )
}
