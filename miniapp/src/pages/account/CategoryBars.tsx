import { View } from '@tarojs/components'
import { CATEGORY_LABELS, formatCredits } from '@lp/shared'
import { useState } from 'react'
import { studyHoursText } from '../../utils/time'
import type { CategoryTotal } from '../../services/api/types'

interface Props {
  year: number
  thisYear: CategoryTotal[]
  allTime: CategoryTotal[]
}

type Span = 'year' | 'all'

/** 学时 per category as plain bars, longest first; a bar's length is its share of the longest. */
export default function CategoryBars({ year, thisYear, allTime }: Props) {
  const [span, setSpan] = useState<Span>('year')
  const rows = [...(span === 'year' ? thisYear : allTime)].filter((r) => r.minutes > 0 || r.creditsMilli > 0).sort((a, b) => b.minutes - a.minutes)
  const longest = Math.max(1, ...rows.map((r) => r.minutes))
  const tab = (value: Span, text: string) => (
    <View role='button' id={`account-categories-${value}`} className={span === value ? 'account-bars__tab account-bars__tab--on' : 'account-bars__tab'} onClick={() => setSpan(value)}>
      {text}
    </View>
  )
  return (
    <View className='card account-bars' id='account-categories'>
      <View className='account-bars__head'>
        <View className='card__title'>各类学习</View>
        <View className='account-bars__tabs'>
          {tab('year', `${year}年`)}
          {tab('all', '累计')}
        </View>
      </View>
      {rows.length ? (
        rows.map((row) => (
          <View key={row.category} className='account-bars__row' id={`account-category-${row.category}`}>
            <View className='account-bars__line'>
              <View className='account-bars__name'>{CATEGORY_LABELS[row.category]}</View>
              <View className='account-bars__numbers'>
                {studyHoursText(row.minutes)} · {formatCredits(row.creditsMilli)} 学分
              </View>
            </View>
            <View className='account-bars__track'>
              <View className='account-bars__fill' style={{ width: `${Math.max(2, Math.round((row.minutes / longest) * 100))}%` }} />
            </View>
          </View>
        ))
      ) : (
        <View className='muted'>{span === 'year' ? '今年还没有学时。' : '还没有学时。'}</View>
      )}
    </View>
  )
}
