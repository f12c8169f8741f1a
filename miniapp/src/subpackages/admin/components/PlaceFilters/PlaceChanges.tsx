import { View } from '@tarojs/components'
import type { PlaceImportResult } from '../../../../services/api/types'

/** The rows of a schools or venues file that add or change something, then how many match already. */
export default function PlaceChanges({ result }: { result: PlaceImportResult }) {
  return (
    <View className='place-changes'>
      {result.changes.map((c) => (
        <View key={c.line}>
          第{c.line}行 {c.kind === 'add' ? '新增' : '修改'} {c.name}（{c.areaName}）
        </View>
      ))}
      <View className='muted'>另有 {result.unchanged} 行和现在的一样。</View>
    </View>
  )
}
