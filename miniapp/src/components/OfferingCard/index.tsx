import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { CATEGORY_LABELS, OFFERING_KIND_LABELS } from '@lp/shared'
import type { ReactNode } from 'react'
import { formatDistance } from '../../utils/geo'
import { HIGHLIGHT_TAGS, placesText, whenText, whereText } from '../../utils/offering-text'
import { ROUTES } from '../../utils/routes'
import { withQuery } from '../../utils/url'
import type { OfferingSummary } from '../../services/api/types'
import './index.scss'

interface Props {
  offering: OfferingSummary
  /** What tapping does; opens the detail page unless given. */
  onOpen?: (offering: OfferingSummary) => void
  /** Shown under the card's lines, e.g. a status for the teacher. */
  extra?: ReactNode
  /** Leave out the places line, e.g. where the card is about one's own enrollment. */
  hidePlaces?: boolean
}

export function openOffering(offering: { id: number }): void {
  void Taro.navigateTo({ url: withQuery(ROUTES.learnDetail, { id: offering.id }) })
}

/** One course or activity in a list: what, when, where, and whether there is room. */
export default function OfferingCard({ offering, onOpen = openOffering, extra, hidePlaces = false }: Props) {
  const places = hidePlaces ? '' : placesText(offering)
  const full = offering.placesLeft <= 0
  return (
    <View role='button' className='offering-card card' id={`offering-card-${offering.id}`} onClick={() => onOpen(offering)}>
      {offering.coverUrl ? <Image className='offering-card__cover' src={offering.coverUrl} mode='aspectFill' lazyLoad nativeProps={{ alt: '' }} /> : null}
      <View className='offering-card__tags'>
        {offering.highlight ? <View className='offering-card__tag offering-card__tag--highlight'>{HIGHLIGHT_TAGS[offering.highlight]}</View> : null}
        <View className='offering-card__tag'>{OFFERING_KIND_LABELS[offering.kind]}</View>
        <View className='offering-card__tag'>{CATEGORY_LABELS[offering.category]}</View>
      </View>
      <View className='offering-card__title'>{offering.title}</View>
      <View className='offering-card__line'>时间：{whenText(offering)}</View>
      <View className='offering-card__line'>
        地点：{whereText(offering)}
        {offering.distanceMeters !== undefined ? <View className='offering-card__distance'>离您{formatDistance(offering.distanceMeters)}</View> : null}
      </View>
      {places ? <View className={full ? 'offering-card__places offering-card__places--full' : 'offering-card__places'}>{places}</View> : null}
      {extra}
    </View>
  )
}
