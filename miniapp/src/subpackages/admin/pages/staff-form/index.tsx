import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { AreaLevel, Role, staffTitle } from '@lp/shared'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { listSchools } from '../../../../services/places'
import { useCurrentUser } from '../../../../services/session'
import { changeStaffScope, createStaff, type StaffPlace } from '../../../../services/staff'
import { errorText, tellDone } from '../../../../utils/feedback'
import { idParam, textParam } from '../../../../utils/params'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { Button, Input } from '../../../../ui/nutui'
import AreaDrill from '../../components/AreaDrill'
import { useAreaTrail } from '../../components/AreaDrill/useAreaTrail'
import TemporaryPassword from '../../components/TemporaryPassword'
import type { AreaNode } from '../../../../services/api/types'
import './index.scss'

type Kind = typeof Role.Teacher | typeof Role.Admin | typeof Role.SuperAdmin

/**
 * 开设账号 / 调整账号: a teacher of a school or an admin of an area node, chosen by walking down from
 * the admin's own node. A new account gets a temporary password, shown once; a change of role or
 * place ends the member's sessions. The server decides who may do what and says why in Chinese.
 */
export default function StaffFormPage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const editing = params.id ?? null
  const ownAreaId = isAdmin(user) ? (user?.area?.id ?? null) : null
  const [kind, setKind] = useState<Kind>(params.role === Role.Admin || params.role === Role.SuperAdmin ? params.role : Role.Teacher)
  const { trail, setTrail, error: treeError } = useAreaTrail(ownAreaId, idParam(params.areaId))
  const [schoolId, setSchoolId] = useState<number | null>(idParam(params.schoolId))
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [issued, setIssued] = useState<{ who: string; password: string } | null>(null)


  const area = trail.length ? trail[trail.length - 1] : null
  const schools = useLoader(() => listSchools(area?.id), [area?.id], kind === Role.Teacher && area !== null)

  if (!user || ownAreaId === null) {
    return (
      <PageShell className='staff-form'>
        <EmptyNotice text='请用管理员账号登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const kinds: { value: Kind; label: string }[] = [
    { value: Role.Teacher, label: '教师' },
    { value: Role.Admin, label: '管理员' },
    ...(user.role === Role.SuperAdmin ? [{ value: Role.SuperAdmin, label: '区级总管理员' } as const] : [])
  ]
  const place = (): StaffPlace | null => {
    if (kind === Role.Teacher) return schoolId === null ? null : { role: kind, schoolId }
    // the 区级总管理员 works for the whole district: the admin's own node, the top of the trail
    if (kind === Role.SuperAdmin) return trail.length ? { role: kind, areaId: trail[0].id } : null
    return area ? { role: kind, areaId: area.id } : null
  }
  const chooseArea = (next: AreaNode[]) => {
    setTrail(next)
    setSchoolId(null)
  }

  const submit = async () => {
    const chosen = place()
    if (!chosen) {
      setProblem(kind === Role.Teacher ? '请选择所在学校。' : '请选择管理的区域。')
      return
    }
    if (!editing && (!username.trim() || !displayName.trim())) {
      setProblem('请填写姓名和登录账号。')
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      if (editing) {
        await changeStaffScope(editing, chosen)
        tellDone('已调整')
        void Taro.navigateBack()
      } else {
        const made = await createStaff({ username: username.trim(), displayName: displayName.trim(), ...chosen })
        setIssued({ who: `${made.staff.displayName}（${made.staff.username}）`, password: made.temporaryPassword })
      }
    } catch (error) {
      setProblem(errorText(error))
    } finally {
      setBusy(false)
    }
  }

  if (issued) {
    return (
      <PageShell className='staff-form'>
        <View className='staff-form__title'>账号已开设</View>
        <TemporaryPassword who={issued.who} password={issued.password} onDone={() => void Taro.navigateBack()} />
      </PageShell>
    )
  }

  const roleText = kind === Role.Admin && area ? staffTitle(Role.Admin, area.level) : kind === Role.SuperAdmin ? '区级总管理员' : '教师'

  return (
    <PageShell className='staff-form'>
      <View className='staff-form__title'>{editing ? `调整${textParam(params.name)}的身份和单位` : '开设教师或管理员账号'}</View>
      <View className='muted staff-form__note'>
        {editing ? '调整后，本人已登录的设备会退出，需要重新登录。' : '开设后会给出一个临时密码，只显示一次。本人第一次登录时必须换成自己的密码。'}
      </View>
      {problem ? (
        <View className='staff-form__problem card' id='staff-form-error'>
          {problem}
        </View>
      ) : null}

      <View className='card'>
        {!editing ? (
          <>
            <FormField label='姓名'>
              <Input id='staff-form-name' value={displayName} placeholder='例如：张老师' maxLength={32} onChange={setDisplayName} />
            </FormField>
            <FormField label='登录账号' hint='3到32位小写字母、数字或下划线，以字母开头，例如 zhang_laoshi'>
              <Input id='staff-form-username' value={username} placeholder='例如：zhang_laoshi' maxLength={32} onChange={setUsername} />
            </FormField>
          </>
        ) : null}

        <FormField label='身份'>
          <View className='staff-form__choices' id='staff-form-roles'>
            {kinds.map((k) => (
              <Button
                key={k.value}
                id={`staff-form-role-${k.value}`}
                size='large'
                type={kind === k.value ? 'primary' : 'default'}
                fill={kind === k.value ? 'solid' : 'outline'}
                onClick={() => setKind(k.value)}
              >
                {k.label}
              </Button>
            ))}
          </View>
        </FormField>

        {kind !== Role.SuperAdmin ? (
          <FormField label={kind === Role.Teacher ? '学校所在地区' : '管理的区域'} hint={kind === Role.Admin ? '选到哪一级，就是哪一级的管理员' : '先选地区，再选学校'}>
            {treeError ? <ErrorNotice error={treeError} /> : null}
            {trail.length ? <AreaDrill trail={trail} onChange={chooseArea} idPrefix='staff-form' label='已选' /> : <LoadingNotice />}
          </FormField>
        ) : null}

        {kind === Role.Teacher ? (
          <FormField label='所在学校'>
            {schools.error ? <ErrorNotice error={schools.error} onRetry={schools.reload} /> : null}
            {schools.data && !schools.data.length ? <View className='muted'>这个地区还没有学校，请换一个地区。</View> : null}
            <View className='staff-form__choices' id='staff-form-schools'>
              {(schools.data ?? []).map((s) => (
                <Button
                  key={s.id}
                  id={`staff-form-school-${s.id}`}
                  size='large'
                  type={schoolId === s.id ? 'primary' : 'default'}
                  fill={schoolId === s.id ? 'solid' : 'outline'}
                  onClick={() => setSchoolId(s.id)}
                >
                  {s.name}
                </Button>
              ))}
            </View>
          </FormField>
        ) : null}

        <View className='staff-form__summary' id='staff-form-summary'>
          将{editing ? '调整为' : '开设'}：{roleText}
          {kind === Role.Teacher
            ? schoolId !== null
              ? `，${schools.data?.find((s) => s.id === schoolId)?.name ?? '已选学校'}`
              : '，还没选学校'
            : kind === Role.SuperAdmin
              ? `，${user.area?.level === AreaLevel.District ? user.area.name : ''}`
              : area
                ? `，管理${area.name}`
                : ''}
        </View>

        <Button id='staff-form-submit' type='primary' size='large' block loading={busy} onClick={() => void submit()}>
          {editing ? '保存调整' : '开设账号'}
        </Button>
      </View>
    </PageShell>
  )
}
