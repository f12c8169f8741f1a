import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import OfferingFacts from '../../../../components/OfferingFacts'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { reminderTemplate } from '../../../../services/enrollments'
import { getOffering } from '../../../../services/offerings'
import { useCurrentUser } from '../../../../services/session'
import { idParam } from '../../../../utils/params'
import { ROUTES } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import EnrollPanel from '../../components/EnrollPanel'
import './index.scss'

const IN_WECHAT = process.env.TARO_ENV === 'weapp'

/** Reminders are a nicety: without the template the resident simply is not asked. */
function reminderTemplateOrNone(): Promise<string | null> {
  return reminderTemplate().catch(() => null)
}

/** One course or activity: what, who, where, when, and 报名. */
export default function OfferingDetailPage() {
  const { params } = useRouter()
  const id = idParam(params.id)
  const user = useCurrentUser()
  const offering = useLoader(() => getOffering(id ?? 0), [id, user?.id, user?.profileBound], id !== null)
  const template = useLoader(reminderTemplateOrNone, [], IN_WECHAT)

  // Back from signing in or filling in the profile: read it again, with the resident's own enrollment.
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) offering.reload()
    shownOnce.current = true
  })

  if (id === null) {
    return (
      <PageShell className='offering-detail'>
        <EmptyNotice text='没有找到这个课程或活动。' actionText='去找课程和活动' onAction={() => void Taro.redirectTo({ url: ROUTES.learnList })} />
      </PageShell>
    )
  }

  const detail = offering.data
  return (
    <PageShell className='offering-detail'>
      {offering.error ? <ErrorNotice error={offering.error} onRetry={offering.reload} /> : null}
      {!detail && offering.loading ? <LoadingNotice /> : null}
      {detail ? (
        <OfferingFacts
          offering={detail}
          onTeacher={(teacher) => void Taro.navigateTo({ url: withQuery(ROUTES.learnTeacher, { id: teacher.id }) })}
          action={<EnrollPanel offering={detail} user={user} reminderTemplate={template.data ?? null} onChanged={offering.reload} />}
        />
      ) : null}
    </PageShell>
  )
}
