import { View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LearningRecordRow from '../../../../components/LearningRecordRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { usePagedList } from '../../../../hooks/usePagedList'
import { listLearningRecords } from '../../../../services/credit'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES } from '../../../../utils/routes'
import { Button } from '../../../../ui/nutui'
import ResidentOnly from '../../components/ResidentOnly'
import './index.scss'

/** Every learning record, newest first, a page at a time; voided ones stay, struck through, with the reason. */
export default function RecordsPage() {
  const user = useCurrentUser()
  const list = usePagedList(listLearningRecords, [user?.id], !!user?.profileBound)
  useReachBottom(list.loadMore)

  return (
    <ResidentOnly className='records-page' what='查看学习记录'>
      <PageShell className='records-page'>
        <View className='muted records-page__note'>每一条学习都记在这里，新的在前。记错的由管理员作废，作废的也留着，写明原因。</View>
        {list.items.length ? (
          <View className='card' id='records-list'>
            {list.items.map((record) => (
              <LearningRecordRow key={record.id} record={record} idPrefix='records-item' />
            ))}
          </View>
        ) : null}
        {list.error ? <ErrorNotice error={list.error} onRetry={list.loadMore} /> : null}
        {list.loading ? <LoadingNotice /> : null}
        {list.started && !list.items.length && !list.error ? (
          <EmptyNotice
            id='records-empty'
            text='还没有学习记录。参加课程签到、看微课，学时就会记在这里。'
            actionText='去找课程和活动'
            onAction={() => void Taro.navigateTo({ url: ROUTES.learnList })}
          />
        ) : null}
        {list.hasMore && !list.loading && !list.error ? (
          <Button id='records-more' block fill='outline' size='large' onClick={list.loadMore}>
            加载更多
          </Button>
        ) : null}
        {list.started && list.items.length && !list.hasMore ? (
          <View className='muted records-page__end' id='records-end'>
            已全部显示
          </View>
        ) : null}
      </PageShell>
    </ResidentOnly>
  )
}
