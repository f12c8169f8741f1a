import { View } from '@tarojs/components'
import type { MyAccessLogEntry } from '../../../../services/api/types'
import { formatDayTime } from '../../../../utils/time'
import './index.scss'

/** Where the person who looked works: the school and its area, or the area of an administrator. */
export function whereFrom(entry: Pick<MyAccessLogEntry, 'schoolName' | 'areaName'>): string {
  if (entry.schoolName) return entry.areaName ? `${entry.areaName} ${entry.schoolName}` : entry.schoolName
  return entry.areaName ?? '区里'
}

/** One time staff saw the resident's information: when, who (a role and a place, not a name), why. */
export default function AccessLogRow({ entry, index }: { entry: MyAccessLogEntry; index: number }) {
  return (
    <View className='access-log-row' id={`access-log-${index}`}>
      <View className='access-log-row__when'>{formatDayTime(entry.at)}</View>
      <View className='access-log-row__who'>
        {whereFrom(entry)}的{entry.role}
      </View>
      <View className='access-log-row__why'>{entry.purpose}</View>
    </View>
  )
}
