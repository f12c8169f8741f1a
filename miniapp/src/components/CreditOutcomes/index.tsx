import { View } from '@tarojs/components'
import { CERTIFICATION_STATUS_LABELS, formatCredits } from '@lp/shared'
import Section from '../Section'
import { formatDay } from '../../utils/time'
import type { CertificationView, ConversionView } from '../../services/api/types'
import './index.scss'

interface ListProps<T> {
  items: T[]
  /** The section's id; each row's is `<itemId>-<id>`. */
  id: string
  itemId: string
  title?: string
}

/** 学分认定 requests and where each stands. */
export function CertificationList({ items, id, itemId, title = '学分认定' }: ListProps<CertificationView>) {
  return (
    <Section id={id} title={title}>
      <View className='card'>
        {items.map((c) => (
          <View key={c.id} className='credit-outcome' id={`${itemId}-${c.id}`} data-status={c.status}>
            <View className='credit-outcome__main'>
              <View className='credit-outcome__title'>
                {c.achievement.name}（{c.achievement.level}）
              </View>
              <View className='muted'>
                {formatDay(c.submittedAt)} 提交 · 证书编号 {c.certificateNo}
              </View>
              {c.status === 'rejected' && c.rejectReason ? <View className='credit-outcome__reason'>原因：{c.rejectReason}</View> : null}
            </View>
            <View className={`credit-outcome__status credit-outcome__status--${c.status}`}>
              {CERTIFICATION_STATUS_LABELS[c.status]}
              {c.status === 'approved' ? <View className='credit-outcome__amount'>+{formatCredits(c.creditsMilli)} 学分</View> : null}
            </View>
          </View>
        ))}
      </View>
    </Section>
  )
}

/** 学分转换 already made, each with its receipt number. */
export function ConversionList({ items, id, itemId, title = '学分转换' }: ListProps<ConversionView>) {
  return (
    <Section id={id} title={title}>
      <View className='card'>
        {items.map((c) => (
          <View key={c.id} className='credit-outcome' id={`${itemId}-${c.id}`}>
            <View className='credit-outcome__main'>
              <View className='credit-outcome__title'>{c.offerTitle}</View>
              <View className='muted'>
                {c.partnerName} · {formatDay(c.createdAt)}
              </View>
              <View className='muted'>回执号 {c.receiptNo}</View>
            </View>
            <View className='credit-outcome__status'>
              {c.reversed ? '已退回' : `-${formatCredits(c.creditsMilli)} 学分`}
            </View>
          </View>
        ))}
      </View>
    </Section>
  )
}
