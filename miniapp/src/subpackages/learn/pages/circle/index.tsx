import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { LEARNING_CIRCLE_MINUTES, Role } from '@lp/shared'
import { useEffect, useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import MapButton from '../../../../components/MapButton'
import OfferingCard from '../../../../components/OfferingCard'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { getLearningCircle } from '../../../../services/offerings'
import { getMyProfile } from '../../../../services/profile'
import { useCurrentUser } from '../../../../services/session'
import { formatDistance, type LatLng } from '../../../../utils/geo'
import { currentPosition, openLocationSettings } from '../../../../utils/location'
import { ROUTES } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import type { CircleVenue } from '../../../../services/api/types'
import './index.scss'

type Way = 'walk' | 'ride'

const WAYS = [
  { value: 'walk' as const, label: `步行${LEARNING_CIRCLE_MINUTES}分钟` },
  { value: 'ride' as const, label: `骑车${LEARNING_CIRCLE_MINUTES}分钟` }
]

function VenueInCircle({ venue, way }: { venue: CircleVenue; way: Way }) {
  const minutes = way === 'walk' ? venue.walkMinutes : venue.rideMinutes
  return (
    <View className='circle-venue card' id={`circle-venue-${venue.id}`}>
      <View className='circle-venue__name'>{venue.name}</View>
      <View className='muted'>{venue.address}</View>
      <View className='circle-venue__footer'>
        <View className='circle-venue__reach'>
          {way === 'walk' ? '步行' : '骑车'}约 {minutes} 分钟 · {formatDistance(venue.distanceMeters)}
        </View>
        <MapButton place={venue} />
      </View>
      {venue.upcoming.length ? (
        <View className='circle-venue__upcoming'>
          <View className='circle-venue__label'>近期在这里</View>
          {venue.upcoming.map((offering) => (
            <OfferingCard key={offering.id} offering={offering} />
          ))}
        </View>
      ) : (
        <View className='muted circle-venue__none'>近期这里没有安排课程和活动。</View>
      )}
    </View>
  )
}

/** 30分钟学习圈: the places a resident can walk or ride to in half an hour, and what is on there. */
export default function LearningCirclePage() {
  const user = useCurrentUser()
  const [way, setWay] = useState<Way>('walk')
  const [position, setPosition] = useState<LatLng | null>(null)
  const [locating, setLocating] = useState(true)
  const isResident = user?.role === Role.Resident && !!user.profileBound
  const profile = useLoader(getMyProfile, [user?.id], isResident && !locating && position === null)

  const locate = async (askAgain: boolean) => {
    setLocating(true)
    setPosition(await currentPosition(askAgain))
    setLocating(false)
  }
  useEffect(() => {
    void locate(false)
  }, [])

  const key = position ? `${position.latitude},${position.longitude}` : ''
  const circle = useLoader(() => getLearningCircle(position?.latitude ?? 0, position?.longitude ?? 0), [key], position !== null)

  const retry = async () => {
    if (process.env.TARO_ENV === 'weapp' && !(await openLocationSettings())) return
    await locate(true)
  }

  if (locating) {
    return (
      <PageShell className='circle-page'>
        <LoadingNotice text='正在获取您的位置…' />
      </PageShell>
    )
  }

  if (!position) {
    const street = profile.data?.street ?? null
    return (
      <PageShell className='circle-page'>
        <View className='card' id='circle-no-location'>
          <View className='card__title'>需要知道您在哪里</View>
          <View>学习圈是从您现在的位置出发，步行或骑车 30 分钟能到的学习场所。没有拿到您的位置，所以算不出来。</View>
          <View className='button-row'>
            <Button id='circle-retry' type='primary' size='large' block onClick={() => void retry()}>
              {process.env.TARO_ENV === 'weapp' ? '去打开位置权限' : '再试一次'}
            </Button>
          </View>
          <View className='button-row'>
            <Button
              id='circle-by-street'
              size='large'
              block
              onClick={() =>
                void Taro.redirectTo({
                  url: street ? withQuery(ROUTES.learnList, { areaId: street.id, areaName: street.name }) : ROUTES.learnList
                })
              }
            >
              {street ? `看${street.name}的课程和活动` : '不用位置，直接找课程和活动'}
            </Button>
          </View>
        </View>
      </PageShell>
    )
  }

  const limit = way === 'walk' ? circle.data?.walkMeters : circle.data?.rideMeters
  const venues = circle.data
    ? circle.data.venues.filter((v) => v.distanceMeters <= (limit ?? 0)).sort((a, b) => a.distanceMeters - b.distanceMeters)
    : []

  return (
    <PageShell className='circle-page'>
      <View className='card'>
        <ChipGroup id='circle-tab' options={WAYS} isOn={(value) => way === value} onTap={setWay} />
        <View className='muted circle-page__note'>
          {limit ? `从您现在的位置出发，${way === 'walk' ? '步行' : '骑车'}半小时大约走 ${(limit / 1000).toFixed(1)} 公里。下面是这个范围里的学习场所，近的在前。` : ' '}
        </View>
      </View>

      {circle.error ? <ErrorNotice error={circle.error} onRetry={circle.reload} /> : null}
      {circle.loading && !circle.data ? <LoadingNotice /> : null}

      {circle.data ? (
        venues.length ? (
          <View id='circle-venues'>
            {venues.map((venue) => (
              <VenueInCircle key={venue.id} venue={venue} way={way} />
            ))}
          </View>
        ) : (
          <EmptyNotice
            id='circle-empty'
            text={way === 'walk' ? '步行半小时内没有登记的学习场所。看看骑车能到的吧。' : '骑车半小时内没有登记的学习场所。'}
            actionText={way === 'walk' ? '看骑车30分钟' : '直接找课程和活动'}
            onAction={() => (way === 'walk' ? setWay('ride') : void Taro.navigateTo({ url: ROUTES.learnList }))}
          />
        )
      ) : null}
    </PageShell>
  )
}
