import { View } from '@tarojs/components'
import type { CampaignFigures as Figures } from '../../services/api/types'
import { studyHoursText } from '../../utils/time'
import './index.scss'

/** A campaign's four figures in big type: activities, sessions held, people who came, 学时 learned. */
export default function CampaignFigures({ id, figures }: { id: string; figures: Figures }) {
  const items = [
    { key: 'activities', label: '课程活动', value: `${figures.activities} 个` },
    { key: 'sessions', label: '已开展', value: `${figures.sessionsHeld} 场` },
    { key: 'participants', label: '参加', value: `${figures.participants} 人` },
    { key: 'hours', label: '共学习', value: studyHoursText(figures.minutes) }
  ]
  return (
    <View className='campaign-figures' id={id}>
      {items.map((item) => (
        <View className='campaign-figures__item' key={item.key} id={`${id}-${item.key}`}>
          <View className='campaign-figures__value'>{item.value}</View>
          <View className='campaign-figures__label'>{item.label}</View>
        </View>
      ))}
    </View>
  )
}
