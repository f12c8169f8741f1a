import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { formatTimeRange, studyHoursText } from '../../utils/time'
import type { SessionView } from '../../services/api/types'

interface Props {
  sessions: SessionView[]
  /** Something to put under a session, e.g. the teacher's 取消这次课. */
  actionFor?: (session: SessionView) => ReactNode
}

/** Each session's time and 学时; cancelled ones are struck through with the reason. */
export default function SessionList({ sessions, actionFor }: Props) {
  const now = Date.now()
  return (
    <View className='card' id='detail-sessions'>
      <View className='card__title'>{sessions.length > 1 ? `上课时间（共 ${sessions.length} 次）` : '时间'}</View>
      {sessions.map((session) => {
        const over = Date.parse(session.endsAt) < now
        const classes = ['session-row', session.cancelled ? 'session-row--cancelled' : '', over ? 'session-row--over' : ''].filter(Boolean).join(' ')
        return (
          <View key={session.id} className={classes} id={`detail-session-${session.id}`}>
            <View className='session-row__time'>
              {sessions.length > 1 ? `第 ${session.seq} 次　` : ''}
              {formatTimeRange(session.startsAt, session.endsAt)}
            </View>
            <View className='session-row__note'>
              {session.cancelled ? `已取消${session.cancelReason ? `：${session.cancelReason}` : ''}` : `${studyHoursText(session.minutes)}${over ? ' · 已上完' : ''}`}
            </View>
            {actionFor ? actionFor(session) : null}
          </View>
        )
      })}
    </View>
  )
}
