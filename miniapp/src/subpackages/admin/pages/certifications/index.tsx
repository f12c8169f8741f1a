import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { CERTIFICATION_STATUS_LABELS, formatCredits, type CertificationStatus } from '@lp/shared'
import { useRef, useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { listCertifications } from '../../../../services/certifications'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { withQuery } from '../../../../utils/url'
import type { CertificationView } from '../../../../services/api/types'
import './index.scss'

type Filter = CertificationStatus | 'all'

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'pending', label: '待审核' },
  { value: 'approved', label: CERTIFICATION_STATUS_LABELS.approved },
  { value: 'rejected', label: CERTIFICATION_STATUS_LABELS.rejected },
  { value: 'all', label: '全部' }
]

/** Pending first, the longest waiting at the top; decided ones after, the latest decision first. */
function ordered(items: CertificationView[]): CertificationView[] {
  const pending = items.filter((c) => c.status === 'pending').sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt))
  const decided = items
    .filter((c) => c.status !== 'pending')
    .sort((a, b) => Date.parse(b.reviewedAt ?? b.submittedAt) - Date.parse(a.reviewedAt ?? a.submittedAt))
  return [...pending, ...decided]
}

/** 学分认定审核: residents' certificates and awards in the admin's area, waiting ones first. */
export default function CertificationsPage() {
  const user = useCurrentUser()
  const [filter, setFilter] = useState<Filter>('pending')
  const list = useLoader(() => listCertifications(filter === 'all' ? null : filter), [user?.id, filter], isAdmin(user))

  // Back from deciding one: it has moved on.
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) list.reload()
    shownOnce.current = true
  })

  if (!user || !isAdmin(user)) {
    return (
      <PageShell className='certifications-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const items = ordered(list.data ?? [])
  const open = (id: string) => void Taro.navigateTo({ url: withQuery(ROUTES.adminCertification, { id }) })
  return (
    <PageShell className='certifications-page'>
      <View className='muted certifications-page__note'>
        {user.area?.name}的居民交来的证书和获奖。看过证明材料，和证书对得上就通过，按认定标准记学分；对不上就写明原因退回。
      </View>
      <ChipGroup id='certifications-status' options={FILTERS} isOn={(v) => v === filter} onTap={setFilter} />
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <LoadingNotice /> : null}
      {list.data ? (
        items.length ? (
          <View id='certifications-list' className='certifications-page__list'>
            {items.map((c) => (
              <View role='button' key={c.id} className='card certification-item' id={`certification-item-${c.id}`} data-status={c.status} onClick={() => open(c.id)}>
                <View className='certification-item__head'>
                  <View className='certification-item__who'>{c.residentName ?? '居民'}</View>
                  <View className={`certification-item__status certification-item__status--${c.status}`}>{CERTIFICATION_STATUS_LABELS[c.status]}</View>
                </View>
                <View className='certification-item__what'>
                  {c.achievement.name}（{c.achievement.level}）· {formatCredits(c.achievement.creditsMilli)} 学分
                </View>
                <View className='muted'>
                  {c.areaName ? `${c.areaName} · ` : ''}
                  {formatDayTime(c.submittedAt)} 提交
                </View>
              </View>
            ))}
          </View>
        ) : (
          <EmptyNotice id='certifications-empty' text={filter === 'pending' ? '现在没有等待审核的认定申请。' : '没有这样的认定申请。'} />
        )
      ) : null}
    </PageShell>
  )
}
