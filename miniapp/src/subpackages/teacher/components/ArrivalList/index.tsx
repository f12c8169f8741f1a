import { View } from '@tarojs/components'
import { CHECKIN_METHOD_LABELS, CHECKIN_REVIEW_LABELS, CheckInMethod } from '@lp/shared'
import { formatClock } from '../../../../utils/time'
import type { RosterLine } from '../../../../services/api/types'
import './index.scss'

/** The small marks beside a name: how the resident got in, and anything to check. */
function marksOf(line: RosterLine): Array<{ key: string; text: string; warn?: boolean }> {
  const marks: Array<{ key: string; text: string; warn?: boolean }> = []
  if (line.method === CheckInMethod.Proxy) marks.push({ key: 'proxy', text: '代签' })
  if (line.walkIn) marks.push({ key: 'walk-in', text: '现场报名' })
  if (line.offline) marks.push({ key: 'offline', text: '离线' })
  if (line.flagged) {
    const review = CHECKIN_REVIEW_LABELS[line.review ?? 'pending']
    marks.push({ key: 'flagged', text: `${review}${line.flagReason ? `：${line.flagReason}` : ''}`, warn: line.review !== 'confirmed' })
  }
  return marks
}

/** 已到 (newest first, with how and when) or 未到 (by name). */
export default function ArrivalList({ lines, arrived }: { lines: RosterLine[]; arrived: boolean }) {
  return (
    <View className='arrival-list'>
      {lines.map((line, i) => (
        <View
          key={line.residentId}
          id={`roster-${arrived ? 'arrived' : 'missing'}-${line.residentId}`}
          className={line.flagged ? 'arrival-row arrival-row--flagged' : 'arrival-row'}
        >
          <View className='arrival-row__index'>{i + 1}</View>
          <View className='arrival-row__who'>
            <View className='arrival-row__name'>{line.residentName}</View>
            <View className='muted'>
              {line.phoneMasked}
              {arrived && line.checkedInAt ? ` · ${formatClock(line.checkedInAt)} ${line.method ? CHECKIN_METHOD_LABELS[line.method] : ''}` : ''}
              {line.checkedOutAt ? ` · ${formatClock(line.checkedOutAt)} 签退` : ''}
            </View>
            {arrived ? (
              <View className='arrival-row__marks'>
                {marksOf(line).map((mark) => (
                  <View key={mark.key} className={mark.warn ? 'arrival-mark arrival-mark--warn' : 'arrival-mark'}>
                    {mark.text}
                  </View>
                ))}
              </View>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  )
}
