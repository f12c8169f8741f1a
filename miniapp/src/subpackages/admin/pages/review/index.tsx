import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { OFFERING_STATUS_LABELS, OfferingStatus } from '@lp/shared'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import OfferingFacts from '../../../../components/OfferingFacts'
import PageShell from '../../../../components/PageShell'
import ReasonForm from '../../../../components/ReasonForm'
import { useDecision } from '../../../../hooks/useDecision'
import { useLoader } from '../../../../hooks/useLoader'
import { getOffering } from '../../../../services/offerings'
import { approveOffering, returnOffering } from '../../../../services/reviews'
import { useCurrentUser } from '../../../../services/session'
import { idParam } from '../../../../utils/params'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import './index.scss'

/** One submitted course or activity, read in full, then 通过 or 退回 with a reason. */
export default function ReviewPage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const id = idParam(params.id)
  const allowed = id !== null && isAdmin(user)
  const offering = useLoader(() => getOffering(id ?? 0), [id], allowed)
  const { busy, decide } = useDecision<'approve' | 'return'>(() => offering.reload())

  if (!allowed) {
    return (
      <PageShell className='review-page'>
        <EmptyNotice text='请用管理员账号，从“课程活动审核”进入。' actionText='返回' onAction={() => void Taro.navigateBack()} />
      </PageShell>
    )
  }


  const detail = offering.data
  if (!detail) {
    return (
      <PageShell className='review-page'>
        {offering.error ? <ErrorNotice error={offering.error} onRetry={offering.reload} /> : <LoadingNotice />}
      </PageShell>
    )
  }

  const pending = detail.status === OfferingStatus.PendingReview
  const panel = (
    <View className='card review-panel' id='review-panel'>
      {pending ? (
        <>
          <View className='card__title'>审核</View>
          <View className='muted'>请看完下面的内容。通过后马上发布，居民就能报名。</View>
          <View className='button-row'>
            <Button
              id='review-approve'
              type='primary'
              size='large'
              block
              loading={busy === 'approve'}
              disabled={busy !== null}
              onClick={() => void decide('approve', () => approveOffering(detail.id), '已通过并发布')}
            >
              通过，发布
            </Button>
          </View>
          <View className='review-panel__return'>
            <ReasonForm
              id='review-reason'
              confirmId='review-return'
              label='不能通过？写明原因退回'
              hint='教师会看到原因，改好后可以再提交。'
              placeholder='例如：上课时间和场地开放时间冲突，请改到下午。'
              confirmText='退回修改'
              busy={busy === 'return'}
              onConfirm={(reason) => void decide('return', () => returnOffering(detail.id, reason), '已退回')}
            />
          </View>
        </>
      ) : (
        <View id='review-decided'>这一项现在是“{OFFERING_STATUS_LABELS[detail.status]}”，不需要再审核了。</View>
      )}
    </View>
  )

  return (
    <PageShell className='review-page'>
      <OfferingFacts
        offering={detail}
        onTeacher={(teacher) => void Taro.navigateTo({ url: withQuery(ROUTES.learnTeacher, { id: teacher.id }) })}
        action={panel}
      />
    </PageShell>
  )
}
