import { View } from '@tarojs/components'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { listMyAccessLog } from '../../../../services/rights'
import { useCurrentUser } from '../../../../services/session'
import AccessLogRow from '../../components/AccessLogRow'
import ResidentOnly from '../../components/ResidentOnly'
import './index.scss'

/** 谁看过我的信息: each time a teacher or administrator was shown the resident's personal information. */
export default function AccessLogPage() {
  const user = useCurrentUser()
  const log = useLoader(listMyAccessLog, [user?.id], !!user?.profileBound)

  return (
    <ResidentOnly className='access-log-page' what='查看谁看过您的信息'>
      <PageShell className='access-log-page'>
        <View className='card access-log-page__intro'>
          老师或管理员每次查看您的姓名、手机号、证明材料等信息，都会记在这里。记录保存至少半年。
        </View>
        {log.error ? <ErrorNotice error={log.error} onRetry={log.reload} /> : null}
        {!log.data && !log.error ? <LoadingNotice /> : null}
        {log.data && !log.data.length ? <EmptyNotice id='access-log-empty' text='还没有人查看过您的信息。' /> : null}
        {log.data?.length ? (
          <View className='card' id='access-log-list'>
            {log.data.map((entry, i) => (
              <AccessLogRow key={`${entry.at}-${i}`} entry={entry} index={i} />
            ))}
          </View>
        ) : null}
      </PageShell>
    </ResidentOnly>
  )
}
