import { View } from '@tarojs/components'
import { RESIDENT_GROUP_LABELS, ResidentGroup } from '@lp/shared'
import Taro from '@tarojs/taro'
import { useMemo, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { RESIDENTS_PAGE_SIZE } from '../../../../services/admin'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import AreaDrill from '../../components/AreaDrill'
import { useAreaTrail } from '../../components/AreaDrill/useAreaTrail'
import ChoiceButtons from '../../components/ChoiceButtons'
import Pager from '../../components/Pager'
import TableSearch from '../../components/TableSearch'
import ResidentTable from '../../components/ResidentTable'
import { useResidentPages } from './residents-page'
import './index.scss'

const GROUPS = Object.values(ResidentGroup).map((g) => ({ value: g, label: RESIDENT_GROUP_LABELS[g] }))

/** 居民名单: the residents of the admin's area as a table, searched by whole name or phone, filtered by area and group. */
export default function ResidentsPage() {
  const user = useCurrentUser()
  const ownAreaId = isAdmin(user) ? (user?.area?.id ?? null) : null
  const { trail, setTrail, error: treeError } = useAreaTrail(ownAreaId)
  const [group, setGroup] = useState<ResidentGroup | null>(null)
  const [q, setQ] = useState('')


  const areaId = trail.length ? trail[trail.length - 1].id : null
  const query = useMemo(() => (areaId === null ? null : { areaId, group, q }), [areaId, group, q])
  const pages = useResidentPages(query)

  if (!user || ownAreaId === null) {
    return (
      <PageShell className='admin-page residents-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  return (
    <PageShell className='admin-page residents-page'>
      <View className='admin-page__title'>{user.area?.name}的居民</View>
      <View className='muted admin-page__note'>姓名、手机号、身份证号都已隐去部分，只用于核对。查找时请输入完整姓名或完整的11位手机号。</View>

      <View className='card residents-page__filters'>
        <TableSearch idPrefix='residents' placeholder='完整姓名或11位手机号' maxLength={20} query={q} onSearch={setQ} />

        {trail.length ? <AreaDrill trail={trail} onChange={setTrail} /> : null}

        <ChoiceButtons id='residents-group' label='人群' options={GROUPS} value={group} onChange={setGroup} />
      </View>

      {treeError ? <ErrorNotice error={treeError} /> : null}
      {pages.error ? <ErrorNotice error={pages.error} onRetry={pages.retry} /> : null}
      {pages.loading ? <LoadingNotice /> : null}
      {!pages.loading && !pages.error && query ? (
        pages.items.length ? (
          <ResidentTable residents={pages.items} />
        ) : (
          <EmptyNotice id='residents-empty' text={q ? '没有找到这位居民。请核对完整姓名或手机号。' : '这里还没有居民填写信息。居民在小程序里填好基本信息后会出现在这里。'} />
        )
      ) : null}

      <Pager id='residents' pages={pages} sizeText={`每页 ${RESIDENTS_PAGE_SIZE} 人`} />
    </PageShell>
  )
}
