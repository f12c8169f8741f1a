import { View } from '@tarojs/components'
import InfoRow from '../../../../components/InfoRow'
import { formatCount } from '../../population-fields'
import { growthText, hoursText, percentText } from './figures'
import type { StatisticsOverview, YearOverYear } from '../../../../services/api/types'

interface Props {
  overview: StatisticsOverview
  yoy: YearOverYear | undefined
}

/** 人均学时, the year's learning in total, and the activities held with their attendance. */
export default function ActivityCard({ overview, yoy }: Props) {
  const { activities } = overview
  // a previous year without records compares with nothing: no year-over-year at all
  const recordsGrowth = yoy?.comparable ? growthText(yoy.records.current, yoy.records.previous) : null
  const minutesGrowth = yoy?.comparable ? growthText(yoy.minutes.current, yoy.minutes.previous) : null
  return (
    <View className='card' id='dashboard-activities'>
      <View className='card__title'>学时和活动</View>
      <View className='dashboard-per-capita' id='dashboard-per-capita' data-minutes={overview.perCapitaMinutes ?? ''}>
        <View className='muted'>人均学时（全年学时 ÷ 常住人口）</View>
        <View className='dashboard-per-capita__value'>
          {overview.perCapitaMinutes === null ? '人口数据未填写' : hoursText(overview.perCapitaMinutes)}
        </View>
      </View>
      {yoy && !yoy.comparable ? (
        <View className='dashboard-warning' id='dashboard-no-yoy'>
          {yoy.previousYear}年没有学习记录，不作同比。
        </View>
      ) : null}
      <InfoRow label='学习记录' value={`${formatCount(overview.records)} 条${recordsGrowth ? `（比上一年 ${recordsGrowth}）` : ''}`} />
      <InfoRow label='全年学时' value={`${hoursText(overview.minutes)}${minutesGrowth ? `（比上一年 ${minutesGrowth}）` : ''}`} />
      <InfoRow label='举办课程活动' value={`${formatCount(activities.offeringsHeld)} 个，共 ${formatCount(activities.sessionsHeld)} 场（按开始日期计入${overview.year}年）`} />
      <InfoRow label='报名名额' value={`${formatCount(activities.enrolledPlaces)} 人次`} />
      <InfoRow label='到场' value={`${formatCount(activities.attended)} 人次`} />
      <View className='dashboard-attendance' id='dashboard-attendance' data-rate={activities.attendanceRate ?? ''}>
        <View>出勤率（到场 ÷ 报名）</View>
        <View className='dashboard-attendance__value'>
          {activities.attendanceRate === null ? '还没有结束的课程活动' : percentText(activities.attendanceRate)}
        </View>
      </View>
    </View>
  )
}
