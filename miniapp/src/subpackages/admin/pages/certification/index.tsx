import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { ACHIEVEMENT_KIND_LABELS, CATEGORY_LABELS, CERTIFICATION_STATUS_LABELS, formatCredits } from '@lp/shared'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import ReasonForm from '../../../../components/ReasonForm'
import { useDecision } from '../../../../hooks/useDecision'
import { useLoader } from '../../../../hooks/useLoader'
import { approveCertification, getCertification, rejectCertification } from '../../../../services/certifications'
import { useCurrentUser } from '../../../../services/session'
import { textParam } from '../../../../utils/params'
import { isAdmin } from '../../../../utils/routes'
import { formatDay, formatDayTime } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import EvidenceViewer from '../../components/EvidenceViewer'
import './index.scss'

const dayOf = (date: string) => formatDay(`${date.slice(0, 10)}T12:00:00+08:00`)

/** One 学分认定 request: the claim, the evidence beside it, then 通过 (credits granted) or 不通过 with a reason. */
export default function CertificationPage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const id = textParam(params.id)
  const allowed = !!id && isAdmin(user)
  const found = useLoader(() => getCertification(id), [id], allowed)
  const { busy, decide } = useDecision<'approve' | 'reject'>(() => found.reload())

  if (!allowed) {
    return (
      <PageShell className='certification-page'>
        <EmptyNotice text='请用管理员账号，从“学分认定审核”进入。' actionText='返回' onAction={() => void Taro.navigateBack()} />
      </PageShell>
    )
  }

  const c = found.data
  if (!c) {
    return (
      <PageShell className='certification-page'>
        {found.error ? <ErrorNotice error={found.error} onRetry={found.reload} /> : <LoadingNotice />}
      </PageShell>
    )
  }


  return (
    <PageShell className='certification-page'>
      <View className='card' id='certification-facts' data-status={c.status}>
        <View className='card__title'>
          {c.achievement.name}（{c.achievement.level}）
        </View>
        <InfoRow label='申请人' value={c.residentName ?? '—'} />
        {c.areaName ? <InfoRow label='所在社区' value={c.areaName} /> : null}
        <InfoRow label='类型' value={`${ACHIEVEMENT_KIND_LABELS[c.achievement.kind]} · ${CATEGORY_LABELS[c.achievement.category]}`} />
        <InfoRow label='证书编号' value={c.certificateNo} />
        <InfoRow label='发证单位' value={c.issuer} />
        <InfoRow label='发证日期' value={dayOf(c.issuedOn)} />
        <InfoRow label='提交时间' value={formatDayTime(c.submittedAt)} />
        <InfoRow label='通过后记' value={`${formatCredits(c.achievement.creditsMilli)} 学分`} />
        <InfoRow label='状态' value={CERTIFICATION_STATUS_LABELS[c.status]} />
      </View>

      <View className='card'>
        <View className='card__title'>证明材料</View>
        <View className='muted'>核对照片或 PDF 上的姓名、证书编号、发证单位和日期是否和上面一致。</View>
        {c.evidenceUploadId ? <EvidenceViewer uploadId={c.evidenceUploadId} /> : <View className='muted'>没有证明材料。</View>}
      </View>

      <View className='card certification-panel' id='certification-panel'>
        {c.status === 'pending' ? (
          <>
            <View className='card__title'>审核</View>
            <View className='muted'>通过后马上给申请人记 {formatCredits(c.achievement.creditsMilli)} 学分，不能撤回；同一证书编号只能认定一次。</View>
            <View className='button-row'>
              <Button
                id='certification-approve'
                type='primary'
                size='large'
                block
                loading={busy === 'approve'}
                disabled={busy !== null}
                onClick={() => void decide('approve', () => approveCertification(c.id), '已通过，学分已记入')}
              >
                通过，记学分
              </Button>
            </View>
            <View className='certification-panel__reject'>
              <ReasonForm
                id='certification-reason'
                confirmId='certification-reject'
                label='不能通过？写明原因'
                hint='申请人会看到原因。'
                placeholder='例如：照片看不清证书编号，请重新拍一张清楚的。'
                confirmText='不通过'
                busy={busy === 'reject'}
                onConfirm={(reason) => void decide('reject', () => rejectCertification(c.id, reason), '已退回')}
              />
            </View>
          </>
        ) : (
          <View id='certification-decided'>
            这一项已经审核过了：{CERTIFICATION_STATUS_LABELS[c.status]}
            {c.reviewedAt ? `（${formatDayTime(c.reviewedAt)}）` : ''}
            {c.status === 'rejected' && c.rejectReason ? `。原因：${c.rejectReason}` : ''}
            {c.status === 'approved' ? `，记了 ${formatCredits(c.creditsMilli)} 学分。` : ''}
          </View>
        )}
      </View>
    </PageShell>
  )
}
