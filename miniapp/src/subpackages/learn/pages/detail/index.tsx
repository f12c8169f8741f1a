import { View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { OfferingKind, Role } from '@lp/shared'
import { useRef, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import OfferingFacts from '../../../../components/OfferingFacts'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { resultOfSession } from '../../../../services/check-ins'
import { reminderTemplate } from '../../../../services/enrollments'
import { getOffering } from '../../../../services/offerings'
import { getLessonProgress } from '../../../../services/online-learning'
import { useCurrentUser } from '../../../../services/session'
import { idParam } from '../../../../utils/params'
import { ROUTES } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import CheckOutButton from '../../components/CheckOutButton'
import EnrollPanel from '../../components/EnrollPanel'
import LessonEntry from '../../components/LessonEntry'
import type { CheckInResult, OfferingDetail } from '../../../../services/api/types'
import './index.scss'

const IN_WECHAT = process.env.TARO_ENV === 'weapp'

/** Reminders are a nicety: without the template the resident simply is not asked. */
function reminderTemplateOrNone(): Promise<string | null> {
  return reminderTemplate().catch(() => null)
}

/** Check-ins made on this phone that still wait for 签退. */
function awaitingCheckOut(offering: OfferingDetail): CheckInResult[] {
  if (!offering.requiresCheckOut) return []
  return offering.sessions
    .map((s) => resultOfSession(s.id))
    .filter((r): r is CheckInResult => r !== null && r.requiresCheckOut && r.checkedOutAt === null)
}

/** One course or activity: what, who, where, when, 报名, and 签退 after a check-in that needs it. */
export default function OfferingDetailPage() {
  const { params } = useRouter()
  const id = idParam(params.id)
  const user = useCurrentUser()
  const offering = useLoader(() => getOffering(id ?? 0), [id, user?.id, user?.profileBound], id !== null)
  const template = useLoader(reminderTemplateOrNone, [], IN_WECHAT)
  // a micro-course: the resident's own progress in each lesson
  const online = offering.data?.kind === OfferingKind.MicroCourse
  const learner = user?.role === Role.Resident && user.profileBound
  const lessonProgress = useLoader(() => getLessonProgress(id ?? 0), [id, user?.id, online], online && learner)
  // Bumped after a 签退 so the stored check-ins are read again.
  const [, setCheckOuts] = useState(0)

  // Back from signing in or filling in the profile: read it again, with the resident's own enrollment.
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) {
      offering.reload()
      if (online && learner) lessonProgress.reload()
    }
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
          lessonAction={
            user === null || user.role === Role.Resident
              ? (lesson) => <LessonEntry lesson={lesson} progress={lessonProgress.data?.lessons.find((p) => p.lessonId === lesson.id)} />
              : undefined
          }
          action={
            <>
              {awaitingCheckOut(detail).map((checkIn) => (
                <View key={checkIn.id} className='card' id={`detail-checkout-${checkIn.sessionId}`}>
                  <View className='card__title'>已签到，离开时请签退</View>
                  <CheckOutButton checkIn={checkIn} onCheckedOut={() => setCheckOuts((n) => n + 1)} />
                </View>
              ))}
              <EnrollPanel offering={detail} user={user} reminderTemplate={template.data ?? null} onChanged={offering.reload} />
            </>
          }
        />
      ) : null}
    </PageShell>
  )
}
