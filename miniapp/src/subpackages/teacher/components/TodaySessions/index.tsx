import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { listTodaysSessions } from '../../../../services/attendance'
import { ROUTES } from '../../../../utils/routes'
import { formatClock, formatTimeRange } from '../../../../utils/time'
import { withQuery } from '../../../../utils/url'
import type { TeacherTodaySession } from '../../../../services/api/types'
import './index.scss'

function stateText(session: TeacherTodaySession): string {
  if (session.state === 'open') return '正在签到，点这里出示二维码'
  if (session.state === 'closed') return '签到已结束，点这里看到场情况'
  return `签到还没开始（上课前半小时左右开始），${formatClock(session.startsAt)} 上课`
}

/** 今天的课 on the teacher's workbench: one tap on a session opens its QR screen. */
export default function TodaySessions() {
  const today = useLoader(listTodaysSessions, [])
  return (
    <Section id='teacher-today' title='今天的课' note='点一下，就能出示签到二维码。'>
      {today.error ? (
        <ErrorNotice error={today.error} onRetry={today.reload} />
      ) : !today.data ? (
        <LoadingNotice />
      ) : today.data.length ? (
        today.data.map((session) => (
          <View
            key={session.sessionId}
            id={`teacher-today-${session.sessionId}`}
            className={`today-session card today-session--${session.state}`}
            onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.teacherCheckIn, { sessionId: session.sessionId }) })}
          >
            <View className='today-session__time'>{formatTimeRange(session.startsAt, session.endsAt)}</View>
            <View className='today-session__title'>{session.offeringTitle}</View>
            <View className='today-session__state'>{stateText(session)} ›</View>
          </View>
        ))
      ) : (
        <EmptyNotice id='teacher-today-none' text='本校今天没有课。' />
      )}
    </Section>
  )
}
