import { View } from '@tarojs/components'
import { EnrollmentStatus } from '@lp/shared'
import { formatDayTime } from '../../../../utils/time'
import type { RosterEntry } from '../../../../services/api/types'
import './index.scss'

function statusOf(entry: RosterEntry): string {
  if (entry.status === EnrollmentStatus.Waitlisted) return `候补第 ${entry.waitlistPosition ?? '-'} 位`
  if (entry.status === EnrollmentStatus.Cancelled) return '已取消'
  return '已报名'
}

/** 报名名单: who is in, then who waits in order, then who dropped out. */
export default function RosterList({ entries }: { entries: RosterEntry[] }) {
  const rank = (e: RosterEntry) =>
    e.status === EnrollmentStatus.Enrolled ? 0 : e.status === EnrollmentStatus.Waitlisted ? 1 + (e.waitlistPosition ?? 0) / 1e6 : 2
  const ordered = [...entries].sort((a, b) => rank(a) - rank(b))
  return (
    <View className='roster'>
      {ordered.map((entry, i) => (
        <View key={entry.enrollmentId} className={`roster-row roster-row--${entry.status}`} id={`roster-${entry.enrollmentId}`}>
          <View className='roster-row__index'>{i + 1}</View>
          <View className='roster-row__who'>
            <View className='roster-row__name'>{entry.residentName}</View>
            <View className='muted'>
              {entry.phoneMasked} · {formatDayTime(entry.enrolledAt)} 报名
            </View>
          </View>
          <View className='roster-row__status'>{statusOf(entry)}</View>
        </View>
      ))}
    </View>
  )
}
