import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { closeSession, saveSignInSheet } from '../../../../services/attendance'
import { useCurrentUser } from '../../../../services/session'
import { tellDone, tellError } from '../../../../utils/feedback'
import { idParam } from '../../../../utils/params'
import { ROUTES, isTeacher } from '../../../../utils/routes'
import { formatDayTime, studyHoursText } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import ArrivalCounts from '../../components/ArrivalCounts'
import ArrivalList from '../../components/ArrivalList'
import ProxyForm from '../../components/ProxyForm'
import ReviewList from '../../components/ReviewList'
import { useLiveRoster } from '../../hooks/useLiveRoster'
import type { RosterLine, SessionCloseResult } from '../../../../services/api/types'
import './index.scss'

type Tab = 'arrived' | 'missing'

const byArrivalNewestFirst = (a: RosterLine, b: RosterLine) => Date.parse(b.checkedInAt ?? '') - Date.parse(a.checkedInAt ?? '')
const byName = (a: RosterLine, b: RosterLine) => a.residentName.localeCompare(b.residentName, 'zh-CN')

/** 到场名单 of one session, live: who came and how, who has not, 代签, 导出签到表, 结束签到. */
export default function RosterPage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const sessionId = idParam(params.sessionId)
  const allowed = sessionId !== null && isTeacher(user)
  const live = useLiveRoster(allowed ? sessionId : null)
  const [tab, setTab] = useState<Tab>('arrived')
  const [exporting, setExporting] = useState(false)
  const [closing, setClosing] = useState(false)
  const [closed, setClosed] = useState<SessionCloseResult | null>(null)

  if (!allowed || sessionId === null) {
    return (
      <PageShell className='roster-page'>
        <EmptyNotice text='请用教师账号登录，从课程或活动的页面点“签到”进入。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  const roster = live.roster
  if (!roster) {
    return <PageShell className='roster-page'>{live.error ? <ErrorNotice error={live.error} /> : <LoadingNotice />}</PageShell>
  }

  const arrived = roster.lines.filter((l) => l.status === 'arrived').sort(byArrivalNewestFirst)
  const missing = roster.lines.filter((l) => l.status !== 'arrived').sort(byName)
  const shown = tab === 'arrived' ? arrived : missing

  const exportSheet = async () => {
    setExporting(true)
    try {
      await saveSignInSheet(sessionId)
    } catch (error) {
      tellError(error)
    } finally {
      setExporting(false)
    }
  }

  const close = async () => {
    const { confirm } = await Taro.showModal({
      title: '结束签到',
      content: '结束后不能再签到，学时会记入学分银行。确定结束吗？',
      confirmText: '结束签到',
      cancelText: '再等等'
    })
    if (!confirm) return
    setClosing(true)
    try {
      setClosed(await closeSession(sessionId))
      tellDone('已结束签到')
      live.refresh()
    } catch (error) {
      tellError(error)
    } finally {
      setClosing(false)
    }
  }

  return (
    <PageShell className='roster-page'>
      <View className='card'>
        <View className='roster-page__title'>{roster.offeringTitle}</View>
        <View className='muted' id='roster-state'>
          {roster.closedAt
            ? `已于 ${formatDayTime(roster.closedAt)} 结束签到，学时已记入学分银行。`
            : roster.state === 'open'
              ? '正在签到，名单会自动更新。'
              : roster.state === 'not_open'
                ? '还没到签到时间。'
                : '签到时间已过，请确认名单后结束签到。'}
        </View>
      </View>

      {closed ? (
        <View className='card roster-page__closed' id='roster-closed'>
          已结束签到：到场 {closed.attendees} 人，共记入学分银行 {studyHoursText(closed.minutesCredited)}。
        </View>
      ) : null}

      <ArrivalCounts id='roster-counts' roster={roster} behind={live.behind} />

      <View className='roster-page__tabs'>
        <View role='button' id='roster-tab-arrived' className={tab === 'arrived' ? 'roster-tab roster-tab--on' : 'roster-tab'} onClick={() => setTab('arrived')}>
          已到 {arrived.length}
        </View>
        <View role='button' id='roster-tab-missing' className={tab === 'missing' ? 'roster-tab roster-tab--on' : 'roster-tab'} onClick={() => setTab('missing')}>
          未到 {missing.length}
        </View>
      </View>
      <View className='card' id='roster-list' data-tab={tab}>
        {shown.length ? (
          <ArrivalList lines={shown} arrived={tab === 'arrived'} />
        ) : (
          <View className='muted' id={`roster-${tab}-empty`}>
            {tab === 'arrived' ? '还没有人签到。' : '报了名的都到了。'}
          </View>
        )}
      </View>

      <ReviewList sessionId={sessionId} waiting={roster.counts.pendingReview} onDecided={live.refresh} />

      {roster.closedAt ? null : <ProxyForm sessionId={sessionId} onDone={live.refresh} />}

      <View className='button-row'>
        <Button id='roster-export' size='large' block loading={exporting} onClick={() => void exportSheet()}>
          导出签到表（Excel）
        </Button>
      </View>
      {roster.closedAt ? null : (
        <View className='button-row'>
          <Button id='roster-close' type='danger' fill='outline' size='large' block loading={closing} onClick={() => void close()}>
            结束签到
          </Button>
          <View className='muted roster-page__close-note'>下课后结束签到：名单就此确定，学时记入学分银行（待核对的确认后再记）。没有结束的，下课半小时后自动结束。</View>
        </View>
      )}
    </PageShell>
  )
}
