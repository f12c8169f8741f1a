import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { CATEGORY_LABELS, formatCredits } from '@lp/shared'
import { useRef, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { convertCredits, listPartnerOffers, newRequestKey } from '../../../../services/conversions'
import { toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { tellError } from '../../../../utils/feedback'
import { formatDayTime } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import ResidentOnly from '../../components/ResidentOnly'
import type { ConversionView, PartnerOfferView } from '../../../../services/api/types'
import { copyText } from '../../../../utils/privacy'
import './index.scss'

const categoriesText = (offer: PartnerOfferView) => offer.categories.map((c) => CATEGORY_LABELS[c]).join('、')

/** Whether a failed attempt may have reached the server: then a retry must carry the same key. */
const mayHaveArrived = (status: number) => status === 0 || status >= 500

/** 学分转换: what partners accept for credits, what each costs and what the resident holds; converting gives a receipt. */
export default function ConvertPage() {
  const user = useCurrentUser()
  const offers = useLoader(listPartnerOffers, [user?.id], !!user?.profileBound)
  const [busy, setBusy] = useState<number | null>(null)
  const [receipt, setReceipt] = useState<ConversionView | null>(null)
  // One key per attempt, kept until the attempt surely ended, so a retry cannot convert twice.
  const keys = useRef(new Map<number, string>())

  const convert = async (offer: PartnerOfferView) => {
    const { confirm } = await Taro.showModal({
      title: '确认转换',
      content: `用 ${formatCredits(offer.creditsMilli)} 学分换“${offer.title}”（${offer.partnerName}）。转换后这些学分就用掉了。`,
      confirmText: '确定转换',
      cancelText: '再想想'
    })
    if (!confirm) return
    const key = keys.current.get(offer.id) ?? newRequestKey()
    keys.current.set(offer.id, key)
    setBusy(offer.id)
    try {
      const done = await convertCredits({ offerId: offer.id, requestKey: key })
      keys.current.delete(offer.id)
      setReceipt(done)
      offers.reload()
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
    } catch (error) {
      if (!mayHaveArrived(toApiError(error).status)) keys.current.delete(offer.id)
      tellError(error)
      offers.reload()
    } finally {
      setBusy(null)
    }
  }

  return (
    <ResidentOnly className='convert-page' what='转换学分'>
      <PageShell className='convert-page'>
        {receipt ? (
          <View className='card convert-receipt' id='convert-receipt'>
            <View className='card__title'>转换成功</View>
            <View className='convert-receipt__title'>{receipt.offerTitle}</View>
            <View className='muted'>{receipt.partnerName}</View>
            <View className='convert-receipt__row'>用掉 {formatCredits(receipt.creditsMilli)} 学分</View>
            <View className='convert-receipt__row'>
              回执号 <View className='convert-receipt__no' id='convert-receipt-no'>{receipt.receiptNo}</View>
            </View>
            <View className='muted'>{formatDayTime(receipt.createdAt)}。把回执号告诉{receipt.partnerName}，对方就能查到这次转换。</View>
            <View className='button-row'>
              <Button
                id='convert-receipt-copy'
                fill='outline'
                size='large'
                block
                onClick={() => void copyText(receipt.receiptNo)}
              >
                复制回执号
              </Button>
            </View>
          </View>
        ) : null}

        <View className='muted convert-page__intro'>
          合作机构认可社区学习的学分：攒够了对应类别的学分，就能换开放大学的课程免修等。每一次转换都有回执号，在“学习账户”里能查到。
        </View>

        {offers.error ? <ErrorNotice error={offers.error} onRetry={offers.reload} /> : null}
        {offers.loading && !offers.data ? <LoadingNotice /> : null}
        {offers.data && !offers.data.length ? <EmptyNotice id='convert-empty' text='现在还没有可以转换的项目。' /> : null}
        {offers.data?.length ? (
          <View id='convert-offers'>
            {offers.data.map((offer) => {
              const held = offer.availableMilli
              const enough = held === null || held >= offer.creditsMilli
              return (
                <View key={offer.id} className='card convert-offer' id={`convert-offer-${offer.id}`}>
                  <View className='card__title'>{offer.title}</View>
                  <View className='muted'>{offer.partnerName}</View>
                  {offer.description ? <View className='convert-offer__text'>{offer.description}</View> : null}
                  <View className='convert-offer__cost'>
                    需要 <View className='convert-offer__big'>{formatCredits(offer.creditsMilli)}</View> 学分
                  </View>
                  <View className='muted'>算哪些学分：{categoriesText(offer) || '各类都算'}</View>
                  {held !== null ? (
                    <View className={enough ? 'convert-offer__held' : 'convert-offer__held convert-offer__held--short'} id={`convert-offer-${offer.id}-held`}>
                      您有 {formatCredits(held)} 学分{enough ? '，够了' : `，还差 ${formatCredits(offer.creditsMilli - held)} 学分`}
                    </View>
                  ) : null}
                  <View className='button-row'>
                    <Button
                      id={`convert-offer-${offer.id}-go`}
                      type={enough ? 'primary' : 'default'}
                      size='large'
                      block
                      disabled={!enough || (busy !== null && busy !== offer.id)}
                      loading={busy === offer.id}
                      onClick={() => void convert(offer)}
                    >
                      {enough ? '转换' : '学分不够'}
                    </Button>
                  </View>
                </View>
              )
            })}
          </View>
        ) : null}
      </PageShell>
    </ResidentOnly>
  )
}
