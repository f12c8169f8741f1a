import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { SELECTION_KIND_NAMES } from '@lp/shared'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import { useLoader } from '../../../../hooks/useLoader'
import { getPublicSelections, getSelectionNotice } from '../../../../services/selections'
import type { SelectionView } from '../../../../services/api/types'
import { ROUTES } from '../../../../utils/routes'
import { Button } from '../../../../ui/nutui'

interface Props {
  areaId: number
}

/** One selection's list as the public sees it (names partly masked). */
function SelectionEntries({ selection }: { selection: SelectionView }) {
  const notice = useLoader(() => getSelectionNotice(selection.id), [selection.id])
  const state = selection.status === 'final' ? '最终名单' : `公示中，到 ${selection.noticeEnd}`
  return (
    <View className='dashboard-selection' id={`dashboard-selection-${selection.id}`} data-status={selection.status}>
      <View className='dashboard-selection__title'>
        {selection.title}（{SELECTION_KIND_NAMES[selection.kind]}，{state}）
      </View>
      {notice.error ? <ErrorNotice error={notice.error} onRetry={notice.reload} /> : null}
      {notice.data?.entries.map((entry) => (
        <View key={entry.nominationId} className='dashboard-selection__entry'>
          {entry.maskedName}　<View className='muted'>{entry.community}</View>
        </View>
      ))}
    </View>
  )
}

/**
 * 百姓学习之星 and 终身学习品牌项目: the results of the area's 评选 (nomination, review, 公示),
 * in place of the old ranking by hours, which bred 形式主义.
 */
export default function SelectionResults({ areaId }: Props) {
  const selections = useLoader(() => getPublicSelections(areaId), [areaId])
  return (
    <View className='card' id='dashboard-selections'>
      <View className='card__title'>百姓学习之星和品牌项目评选</View>
      <View className='muted'>经推荐、评审、公示产生；不参加评选的居民不会出现在名单中。</View>
      {selections.error ? <ErrorNotice error={selections.error} onRetry={selections.reload} /> : null}
      {selections.loading && !selections.data ? <LoadingNotice /> : null}
      {selections.data && !selections.data.length ? <View className='muted dashboard-selections__empty'>还没有公示或确定名单的评选。</View> : null}
      {selections.data?.map((selection) => <SelectionEntries key={selection.id} selection={selection} />)}
      <View className='button-row'>
        <Button id='dashboard-selections-public' size='large' onClick={() => void Taro.navigateTo({ url: `${ROUTES.learnSelectionNotice}?areaId=${areaId}` })}>
          看公示页面
        </Button>
      </View>
    </View>
  )
}
