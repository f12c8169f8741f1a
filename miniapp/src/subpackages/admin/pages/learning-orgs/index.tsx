import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { ORGANISATION_STATUS_LABELS, Role, type OrganisationStatus } from '@lp/shared'
import { useRef, useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { listOrganisations } from '../../../../services/learning-organisations'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import './index.scss'

type Filter = OrganisationStatus | 'all'

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'applied', label: ORGANISATION_STATUS_LABELS.applied },
  { value: 'recognised', label: ORGANISATION_STATUS_LABELS.recognised },
  { value: 'returned', label: ORGANISATION_STATUS_LABELS.returned },
  { value: 'lapsed', label: ORGANISATION_STATUS_LABELS.lapsed },
  { value: 'all', label: '全部' }
]

const dayText = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`

/** 学习型组织: the admin's area's organisations by status, waiting ones first; register one; the super-admin's criteria. */
export default function OrganisationsPage() {
  const user = useCurrentUser()
  const [filter, setFilter] = useState<Filter>('applied')
  const list = useLoader(() => listOrganisations(filter === 'all' ? null : filter), [user?.id, filter], isAdmin(user))

  // back from registering or deciding one: the list has changed
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) list.reload()
    shownOnce.current = true
  })

  if (!user || !isAdmin(user)) {
    return (
      <PageShell className='organisations-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const open = (id: string) => void Taro.navigateTo({ url: withQuery(ROUTES.adminOrganisation, { id }) })
  const items = list.data ?? []
  return (
    <PageShell className='organisations-page'>
      <View className='muted organisations-page__note'>
        {user.area?.name}的学习型组织。新登记的由它所在区域的上一级管理员评估，认定后每年复核一次，过了复核日期没有复核的，认定失效。
      </View>
      <View className='button-row'>
        <Button id='organisations-register' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminOrganisationForm })}>
          登记一个学习型组织
        </Button>
        <Button id='organisations-criteria' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminOrganisationCriteria })}>
          {user.role === Role.SuperAdmin ? '修改评估标准和复核日期' : '查看评估标准'}
        </Button>
      </View>
      <ChipGroup id='organisations-status' options={FILTERS} isOn={(v) => v === filter} onTap={setFilter} />
      {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <LoadingNotice /> : null}
      {list.data ? (
        items.length ? (
          <View id='organisations-list' className='organisations-page__list'>
            {items.map((o) => (
              <View role='button' key={o.id} className='card organisation-item' id={`organisation-item-${o.id}`} data-status={o.status} onClick={() => open(o.id)}>
                <View className='organisation-item__head'>
                  <View className='organisation-item__name'>{o.name}</View>
                  <View className={`organisation-item__status organisation-item__status--${o.status}`}>{o.statusLabel}</View>
                </View>
                <View className='organisation-item__what'>
                  {o.kindLabel} · {o.area.name} · {o.memberCount} 人
                </View>
                {o.reviewDueOn ? <View className='muted'>请在 {dayText(o.reviewDueOn)} 前完成年度复核</View> : null}
                {o.lapsedOn ? <View className='muted'>{dayText(o.lapsedOn)} 起失效</View> : null}
              </View>
            ))}
          </View>
        ) : (
          <EmptyNotice id='organisations-empty' text={filter === 'applied' ? '现在没有等待评估的学习型组织。' : '没有这样的学习型组织。'} />
        )
      ) : null}
    </PageShell>
  )
}
