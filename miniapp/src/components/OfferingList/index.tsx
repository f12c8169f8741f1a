import { View } from '@tarojs/components'
import type { OfferingSummary } from '@lp/shared'
import OfferingCard from '../OfferingCard'

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
