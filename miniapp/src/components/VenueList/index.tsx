import { View } from '@tarojs/components'
import { useState } from 'react'
import { formatDistance } from '../../utils/geo'
import { Button } from '../../ui/nutui'
import MapButton from '../MapButton'
import type { RankedVenue } from './rank'
import './index.scss'

interface Props {
  venues: RankedVenue[]
  /** How many to show before 再看几个. */
  pageSize?: number
  /** Marks a venue, e.g. 本校 for the teacher's own school. */
  tagOf?: (item: RankedVenue) => string | null
}

/** Learning venues with their address, distance and a map button. */
export default function VenueList({ venues, pageSize = 5, tagOf }: Props) {
  const [shown, setShown] = useState(pageSize)
  const visible = venues.slice(0, shown)
  return (
    <View className='venue-list'>
      {visible.map((item) => {
        const tag = tagOf?.(item) ?? null
        return (
          <View key={item.venue.id} className='venue-card card' id={`venue-${item.venue.id}`}>
            <View className='venue-card__name'>
              {item.venue.name}
              {tag ? <View className='venue-card__tag'>{tag}</View> : null}
            </View>
            <View className='venue-card__address'>{item.venue.address}</View>
            <View className='venue-card__footer'>
              <View className='venue-card__distance'>
                {item.distance === null ? `位于${item.venue.area.name}` : `离您${formatDistance(item.distance)}`}
              </View>
              <MapButton place={item.venue} />
            </View>
          </View>
        )
      })}
      {venues.length > shown ? (
        <Button block fill='outline' onClick={() => setShown(shown + pageSize)}>
          再看 {Math.min(pageSize, venues.length - shown)} 个
        </Button>
      ) : null}
    </View>
  )
}
