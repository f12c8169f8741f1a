import { View } from '@tarojs/components'
import { useState } from 'react'
import SwitchRow from '../../components/SwitchRow'
import { setRankingOptOut } from '../../services/credit'
import { tellError } from '../../utils/feedback'
import type { LearningAccountView } from '../../services/api/types'

interface Props {
  ranking: LearningAccountView['ranking']
  onChanged: () => void
}

/** 百姓学习之星: where the resident stands by 学时 this year in their community, and the choice to stay out. */
export default function RankingCard({ ranking, onChanged }: Props) {
  const optedOut = ranking?.optedOut ?? false
  const [busy, setBusy] = useState(false)
  const text = optedOut
    ? '您选择了不参加排名，别人看不到您的名次。'
    : ranking
      ? `在本社区排第 ${ranking.position} 名，共 ${ranking.of} 人`
      : '今年还没有学时，有了学时就会排上名次。'

  const change = async (join: boolean) => {
    if (busy) return
    setBusy(true)
    try {
      await setRankingOptOut(!join)
      onChanged()
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='card account-ranking' id='account-ranking' data-position={ranking && !optedOut ? ranking.position : ''}>
      <View className='card__title'>百姓学习之星</View>
      <View className='account-ranking__text'>{text}</View>
      <SwitchRow
        id='account-ranking-switch'
        title='参加本社区排名'
        note='按今年的学时排；关掉后不显示您的名次'
        on={!optedOut}
        onChange={(on) => void change(on)}
      />
    </View>
  )
}
