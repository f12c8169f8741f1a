import { View } from '@tarojs/components'
import OfferingCard from '../OfferingCard'
import type { OfferingSummary } from '../../services/api/types'

/** Cards one under another. */
export default function OfferingList({ offerings }: { offerings: OfferingSummary[] }) {
  return (
    <View className='offering-list'>
      {offerings.map((offering) => (
        <OfferingCard key={offering.id} offering={offering} />
      ))}
    </View>
  )
}
