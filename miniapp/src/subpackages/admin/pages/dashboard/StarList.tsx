import { View } from '@tarojs/components'
import { formatCredits, type StarRankingBy } from '@lp/shared'
import { useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import { useLoader } from '../../../../hooks/useLoader'
import { STARS_SHOWN, getStars } from '../../../../services/statistics'
import { studyHoursText } from '../../../../utils/time'

interface Props {
  areaId: number
  year: number
}

const BY_OPTIONS = [
  { value: 'minutes' as const, label: '按学时' },
  { value: 'credits' as const, label: '按学分' }
]

/** 百姓学习之星: the residents who learned most this year, by 学时 or by 学分, to nominate from. */
export default function StarList({ areaId, year }: Props) {
  const [by, setBy] = useState<StarRankingBy>('minutes')
  const stars = useLoader(() => getStars(areaId, year, by), [areaId, year, by])
  return (
    <View className='card' id='dashboard-stars' data-by={by}>
      <View className='card__title'>百姓学习之星</View>
      <View className='muted'>前 {STARS_SHOWN} 名，供推荐评选；不参加排名的居民不在其中。</View>
      <ChipGroup id='dashboard-stars-by' options={BY_OPTIONS} isOn={(value) => value === by} onTap={setBy} />
      {stars.error ? <ErrorNotice error={stars.error} onRetry={stars.reload} /> : null}
      {stars.loading && !stars.data ? <LoadingNotice /> : null}
      {stars.data && !stars.data.length ? <View className='muted dashboard-stars__empty'>{year}年还没有可以排名的居民。</View> : null}
      {stars.data?.map((star) => (
        <View key={star.residentId} className='dashboard-star' id={`dashboard-star-${star.rank}`} data-resident={star.residentId}>
          <View className={star.rank <= 3 ? 'dashboard-star__rank dashboard-star__rank--top' : 'dashboard-star__rank'}>{star.rank}</View>
          <View className='dashboard-star__who'>
            <View className='dashboard-star__name'>{star.realName}</View>
            <View className='muted'>{star.community.name}</View>
          </View>
          <View className='dashboard-star__numbers'>
            <View className={by === 'minutes' ? 'dashboard-star__main' : ''}>{studyHoursText(star.minutes)}</View>
            <View className={by === 'credits' ? 'dashboard-star__main' : ''}>{formatCredits(star.creditsMilli)} 学分</View>
          </View>
        </View>
      ))}
    </View>
  )
}
