import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { Role, STAFF_STATUS_LABELS, StaffStatus, staffTitle } from '@lp/shared'
import { useMemo, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useCursorPages } from '../../../../hooks/useCursorPages'
import { useLoader } from '../../../../hooks/useLoader'
import { listSchools } from '../../../../services/places'
import { useCurrentUser } from '../../../../services/session'
import { STAFF_PAGE_SIZE, listStaff, resetStaffPassword, setStaffDisabled, type StaffRole } from '../../../../services/staff'
import { tellDone, tellError } from '../../../../utils/feedback'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import AreaDrill from '../../components/AreaDrill'
import { useAreaTrail } from '../../components/AreaDrill/useAreaTrail'
import ChoiceButtons from '../../components/ChoiceButtons'
import Pager from '../../components/Pager'
import TableSearch from '../../components/TableSearch'
import TemporaryPassword from '../../components/TemporaryPassword'
import type { AreaNode, StaffListItem } from '../../../../services/api/types'
import './index.scss'

const ROLES: { value: StaffRole; label: string }[] = [
  { value: Role.Teacher, label: '教师' },
  { value: Role.Admin, label: '管理员' },
  { value: Role.SuperAdmin, label: '区级总管理员' }
]
const STATUSES = Object.values(StaffStatus).map((s) => ({ value: s, label: STAFF_STATUS_LABELS[s] }))
const COLUMNS = ['姓名', '账号', '身份', '单位', '状态', '最近登录', '操作'] as const

const titleOf = (s: StaffListItem) => staffTitle(s.role, s.school ? null : (s.area?.level ?? null))

/** The edit form, for this member: what they are now goes in the address. */
function editUrl(s: StaffListItem): string {
  const place = s.school ? `schoolId=${s.school.id}` : `areaId=${s.area?.id ?? ''}`
  return `${ROUTES.adminStaffForm}?id=${s.id}&role=${s.role}&${place}&name=${encodeURIComponent(s.displayName)}`
}

function StaffRow({ staff, busy, onReset, onToggle }: { staff: StaffListItem; busy: boolean; onReset: () => void; onToggle: () => void }) {
  const disabled = staff.status === StaffStatus.Disabled
  return (
    <View className='admin-table__row' id={`staff-${staff.username}`}>
      <View className='admin-table__cell'>{staff.displayName}</View>
      <View className='admin-table__cell'>{staff.username}</View>
      <View className='admin-table__cell'>{titleOf(staff)}</View>
      <View className='admin-table__cell'>{staff.school ? `${staff.school.name}（${staff.area?.name ?? ''}）` : staff.area?.name}</View>
      <View className='admin-table__cell' id={`staff-${staff.username}-status`}>
        {STAFF_STATUS_LABELS[staff.status]}
        {staff.passwordChangeRequired && !disabled ? '，待改初始密码' : ''}
      </View>
      <View className='admin-table__cell'>{staff.lastLoginAt ? formatDayTime(staff.lastLoginAt) : '还没登录过'}</View>
      <View className='admin-table__cell admin-table__actions'>
        <Button id={`staff-${staff.username}-edit`} size='small' disabled={busy} onClick={() => void Taro.navigateTo({ url: editUrl(staff) })}>
          调整
        </Button>
        <Button id={`staff-${staff.username}-reset`} size='small' disabled={busy} onClick={onReset}>
          重设密码
        </Button>
        <Button id={`staff-${staff.username}-toggle`} size='small' type={disabled ? 'primary' : 'danger'} disabled={busy} onClick={onToggle}>
          {disabled ? '启用' : '停用'}
        </Button>
      </View>
    </View>
  )
}

/** 教师和管理员账号: the staff of the admin's area as a table, searched, filtered and paged; reset, disable, enable. */
export default function StaffPage() {
  const user = useCurrentUser()
  const ownAreaId = isAdmin(user) ? (user?.area?.id ?? null) : null
  const { trail, setTrail, error: treeError } = useAreaTrail(ownAreaId)
  const [role, setRole] = useState<StaffRole | null>(null)
  const [status, setStatus] = useState<StaffStatus | null>(null)
  const [schoolId, setSchoolId] = useState<number | null>(null)
  const [q, setQ] = useState('')
  const [version, setVersion] = useState(0)
  const [issued, setIssued] = useState<{ who: string; password: string } | null>(null)
  const [busy, setBusy] = useState(false)

  // back from the form: show what changed
  useDidShow(() => setVersion((v) => v + 1))

  const areaId = trail.length ? trail[trail.length - 1].id : null
  const schools = useLoader(() => listSchools(areaId ?? undefined), [areaId], areaId !== null)
  const query = useMemo(() => (areaId === null ? null : { areaId, role, status, schoolId, q, version }), [areaId, role, status, schoolId, q, version])
  const pages = useCursorPages(query, listStaff)

  if (!user || ownAreaId === null) {
    return (
      <PageShell className='admin-page staff-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const act = async (work: () => Promise<void>) => {
    setBusy(true)
    try {
      await work()
      setVersion((v) => v + 1)
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }
  const reset = async (s: StaffListItem) => {
    const { confirm } = await Taro.showModal({
      title: '重设密码',
      content: `给${s.displayName}一个新的临时密码。原来的密码马上失效，已登录的设备会退出；本人登录后必须改成自己的密码。`,
      confirmText: '重设',
      cancelText: '不重设'
    })
    if (confirm) await act(async () => setIssued({ who: `${s.displayName}（${s.username}）`, password: (await resetStaffPassword(s.id)).temporaryPassword }))
  }
  const toggle = async (s: StaffListItem) => {
    const disable = s.status === StaffStatus.Active
    const { confirm } = await Taro.showModal({
      title: disable ? '停用账号' : '启用账号',
      content: disable ? `停用后${s.displayName}几秒内退出登录，不能再登录，直到重新启用。` : `启用后${s.displayName}可以重新登录。`,
      confirmText: disable ? '停用' : '启用',
      cancelText: '取消'
    })
    if (confirm) {
      await act(async () => {
        await setStaffDisabled(s.id, disable)
        tellDone(disable ? '已停用' : '已启用')
      })
    }
  }
  const chooseArea = (next: AreaNode[]) => {
    setTrail(next)
    setSchoolId(null)
  }
  return (
    <PageShell className='admin-page staff-page'>
      <View className='admin-page__title'>{user.area?.name}的教师和管理员</View>
      <View className='muted admin-page__note'>您可以为本辖区开设教师账号和下级管理员账号，重设密码，停用或启用账号。每一次修改都有记录。</View>
      <View className='button-row'>
        <Button id='staff-create' type='primary' size='large' onClick={() => void Taro.navigateTo({ url: ROUTES.adminStaffForm })}>
          开设新账号
        </Button>
      </View>

      {issued ? <TemporaryPassword who={issued.who} password={issued.password} onDone={() => setIssued(null)} /> : null}

      <View className='card staff-page__filters'>
        <TableSearch idPrefix='staff' placeholder='姓名或账号' maxLength={32} query={q} onSearch={setQ} />

        {trail.length ? <AreaDrill trail={trail} onChange={chooseArea} idPrefix='staff' /> : null}

        <ChoiceButtons id='staff-role' label='身份' options={ROLES} value={role} onChange={setRole} />
        <ChoiceButtons id='staff-status' label='状态' options={STATUSES} value={status} onChange={setStatus} />
        {schools.data?.length ? (
          <ChoiceButtons id='staff-school' label='学校' options={schools.data.map((s) => ({ value: s.id, label: s.name }))} value={schoolId} onChange={setSchoolId} />
        ) : null}
      </View>

      {treeError ? <ErrorNotice error={treeError} /> : null}
      {pages.error ? <ErrorNotice error={pages.error} onRetry={pages.retry} /> : null}
      {pages.loading ? <LoadingNotice /> : null}
      {!pages.loading && !pages.error && query ? (
        pages.items.length ? (
          <View className='admin-table' id='staff-table'>
            <View className='admin-table__row admin-table__head'>
              {COLUMNS.map((title) => (
                <View key={title} className='admin-table__cell'>
                  {title}
                </View>
              ))}
            </View>
            {pages.items.map((s) => (
              <StaffRow key={s.id} staff={s} busy={busy} onReset={() => void reset(s)} onToggle={() => void toggle(s)} />
            ))}
          </View>
        ) : (
          <EmptyNotice id='staff-empty' text={q ? '没有找到。请换一个姓名或账号试试。' : '这里还没有账号。'} />
        )
      ) : null}

      <Pager id='staff' pages={pages} sizeText={`每页 ${STAFF_PAGE_SIZE} 人`} />
    </PageShell>
  )
}
