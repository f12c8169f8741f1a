import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import {
  CATEGORY_LABELS,
  Category,
  GeofencePolicy,
  HIGHLIGHT_LABELS,
  Highlight,
  OFFERING_KIND_LABELS,
  OFFERING_LIMITS as LIMITS,
  OfferingKind,
  OfferingStatus,
  TARGET_GROUP_LABELS,
  TargetGroup
} from '@lp/shared'
import { useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import SwitchRow from '../../../../components/SwitchRow'
import TextBox from '../../../../components/TextBox'
import { useLoader } from '../../../../hooks/useLoader'
import { getOffering, listTeachers } from '../../../../services/offerings'
import { ApiError, toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { createOffering, submitOffering, updateOffering } from '../../../../services/teaching'
import { tellDone, tellNext } from '../../../../utils/feedback'
import { idParam } from '../../../../utils/params'
import { ROUTES, isTeacher } from '../../../../utils/routes'
import { studyHoursText } from '../../../../utils/time'
import { withQuery } from '../../../../utils/url'
import { Button, Input } from '../../../../ui/nutui'
import VenueChooser from '../../components/VenueChooser'
import { DateInput, StampInput, TimeInput } from '../../components/WhenInput'
import { loadSchoolPlaces, type SchoolPlaces } from '../../school-places'
import {
  checkDraft,
  draftOf,
  emptyLesson,
  newDraft,
  nextSession,
  withTimes,
  type LessonDraft,
  type OfferingDraft,
  type Problems,
  type SessionDraft
} from './form'
import type { OfferingDetail, TeacherSummary } from '../../../../services/api/types'
import './index.scss'

const KIND_OPTIONS = Object.values(OfferingKind).map((value) => ({ value, label: OFFERING_KIND_LABELS[value] }))
const KIND_HINTS: Record<OfferingKind, string> = {
  [OfferingKind.Activity]: '只有一次，例如讲座、读书会、开放日活动。',
  [OfferingKind.Course]: '上好几次，例如每周一次、共 8 次的智能手机班。',
  [OfferingKind.MicroCourse]: '线上视频课，居民随时在手机上看。'
}
const CATEGORY_OPTIONS = Object.values(Category).map((value) => ({ value, label: CATEGORY_LABELS[value] }))
const GROUP_OPTIONS = Object.values(TargetGroup).map((value) => ({ value, label: TARGET_GROUP_LABELS[value] }))
const GEOFENCE_OPTIONS: Array<{ value: GeofencePolicy; label: string }> = [
  { value: GeofencePolicy.Off, label: '不限制' },
  { value: GeofencePolicy.Reject, label: '不在范围内不能签到' },
  { value: GeofencePolicy.Flag, label: '不在范围内也能签，标出来让我核对' }
]
const NO_HIGHLIGHT = 'none'
const HIGHLIGHT_OPTIONS: Array<{ value: Highlight | typeof NO_HIGHLIGHT; label: string }> = [
  { value: NO_HIGHLIGHT, label: '都不是' },
  ...Object.values(Highlight).map((value) => ({ value, label: HIGHLIGHT_LABELS[value] }))
]
/** How many digits a number box takes: as many as the largest number the server accepts has. */
const digitsOf = (max: number): number => String(max).length

interface FormContext {
  places: SchoolPlaces
  colleagues: TeacherSummary[]
  /** The draft being edited, or null for a new one. */
  existing: OfferingDetail | null
}

async function loadContext(schoolId: number, schoolName: string, selfId: string, editId: number | null): Promise<FormContext> {
  const [places, existing] = await Promise.all([loadSchoolPlaces(schoolId), editId ? getOffering(editId) : Promise.resolve(null)])
  const teachers = places.school ? await listTeachers(places.school.area.id) : []
  const colleagues = teachers.filter((t) => t.schoolName === schoolName && t.id !== selfId)
  return { places, colleagues, existing }
}

function SessionRow(props: {
  index: number
  session: SessionDraft
  problem?: string
  removable: boolean
  onChange: (session: SessionDraft) => void
  onRemove: () => void
}) {
  const { index, session, problem, removable, onChange, onRemove } = props
  const id = `offer-form-session-${index}`
  const minutes = Number(session.minutes)
  return (
    <View className='form-row' id={id}>
      <View className='form-row__head'>
        <View className='form-row__title'>第 {index + 1} 次</View>
        {removable ? (
          <View role='button' className='form-row__remove' id={`${id}-remove`} onClick={onRemove}>
            删除这一次
          </View>
        ) : null}
      </View>
      <View className='form-row__line'>
        <View className='form-row__label'>日期</View>
        <DateInput id={`${id}-date`} label={`第 ${index + 1} 次的日期`} value={session.date} onChange={(date) => onChange(withTimes(session, { date }))} />
      </View>
      <View className='form-row__line'>
        <View className='form-row__label'>时间</View>
        <View className='form-row__times'>
          <TimeInput id={`${id}-start`} label={`第 ${index + 1} 次的开始时间`} value={session.start} onChange={(start) => onChange(withTimes(session, { start }))} />
          <View className='form-row__to'>到</View>
          <TimeInput id={`${id}-end`} label={`第 ${index + 1} 次的结束时间`} value={session.end} onChange={(end) => onChange(withTimes(session, { end }))} />
        </View>
      </View>
      <View className='form-row__line'>
        <View className='form-row__label'>记学时（分钟）</View>
        <Input
          id={`${id}-minutes`}
          className='form-row__minutes'
          type='number'
          value={session.minutes}
          maxLength={4}
          onChange={(value: string) => onChange({ ...session, minutes: value, minutesTyped: true })}
        />
        <View className='form-row__hours'>{Number.isInteger(minutes) && minutes > 0 ? `= ${studyHoursText(minutes)}` : ''}</View>
      </View>
      {problem ? <View className='form-field__error'>{problem}</View> : null}
    </View>
  )
}

function LessonRow(props: { index: number; lesson: LessonDraft; problem?: string; removable: boolean; onChange: (lesson: LessonDraft) => void; onRemove: () => void }) {
  const { index, lesson, problem, removable, onChange, onRemove } = props
  const id = `offer-form-lesson-${index}`
  return (
    <View className='form-row' id={id}>
      <View className='form-row__head'>
        <View className='form-row__title'>第 {index + 1} 节</View>
        {removable ? (
          <View role='button' className='form-row__remove' id={`${id}-remove`} onClick={onRemove}>
            删除这一节
          </View>
        ) : null}
      </View>
      <FormField label='标题'>
        <Input id={`${id}-title`} value={lesson.title} maxLength={LIMITS.titleMax} placeholder='例如：怎样用微信视频通话' onChange={(title: string) => onChange({ ...lesson, title })} />
      </FormField>
      <FormField label='视频地址'>
        <Input id={`${id}-url`} value={lesson.videoUrl} maxLength={LIMITS.urlMax} placeholder='https://' onChange={(videoUrl: string) => onChange({ ...lesson, videoUrl })} />
      </FormField>
      <FormField label='视频时长（分钟）' hint='看完这一节记同样多的学时。'>
        <Input
          id={`${id}-duration`}
          type='number'
          value={lesson.durationMinutes}
          maxLength={digitsOf(LIMITS.lessonMinutesMax)}
          onChange={(durationMinutes: string) => onChange({ ...lesson, durationMinutes })}
        />
      </FormField>
      {problem ? <View className='form-field__error'>{problem}</View> : null}
    </View>
  )
}

/** New course or activity, or changes to a draft: 保存草稿, or 提交审核 straight away. */
export default function OfferingFormPage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const editId = idParam(params.id)
  const school = user?.school ?? null
  const context = useLoader(
    () => loadContext(school?.id ?? 0, school?.name ?? '', user?.id ?? '', editId),
    [school?.id, editId],
    school !== null && isTeacher(user)
  )

  if (!user || !isTeacher(user) || !school) {
    return (
      <PageShell className='offering-form'>
        <EmptyNotice
          text={user && isTeacher(user) ? '您的账号还没有归属学校，请联系管理员设置。' : '请用教师账号登录。'}
          actionText='返回'
          onAction={() => void Taro.navigateBack()}
        />
      </PageShell>
    )
  }
  if (context.error) {
    return (
      <PageShell className='offering-form'>
        <ErrorNotice error={context.error} onRetry={context.reload} />
      </PageShell>
    )
  }
  if (!context.data) {
    return (
      <PageShell className='offering-form'>
        <LoadingNotice />
      </PageShell>
    )
  }
  const existing = context.data.existing
  if (existing && existing.status !== OfferingStatus.Draft) {
    return (
      <PageShell className='offering-form'>
        <EmptyNotice
          text='只有草稿可以修改。已提交审核或已发布的，可以在它的页面里取消某一次课或整个取消。'
          actionText='返回'
          onAction={() => void Taro.navigateBack()}
        />
      </PageShell>
    )
  }
  // The editor starts from what was loaded: inputs are never refilled after they appear.
  return <OfferingEditor context={context.data} schoolId={school.id} initial={existing ? draftOf(existing, user.id) : newDraft()} />
}

interface EditorProps {
  context: FormContext
  schoolId: number
  initial: OfferingDraft
}

function OfferingEditor({ context, schoolId, initial }: EditorProps) {
  const existing = context.existing
  const [draft, setDraft] = useState<OfferingDraft>(initial)
  const [savedId, setSavedId] = useState<number | null>(existing?.id ?? null)
  const [problems, setProblems] = useState<Problems>({})
  const [serverError, setServerError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null)

  const update = (patch: Partial<OfferingDraft>) => {
    setDraft((current) => ({ ...current, ...patch }))
    setProblems({})
  }
  const setKind = (kind: OfferingKind) => {
    update({
      kind,
      // An activity is one session; extra rows would only be refused.
      sessions: kind === OfferingKind.Activity ? draft.sessions.slice(0, 1) : draft.sessions,
      place: kind === OfferingKind.MicroCourse ? 'online' : draft.place
    })
  }
  const setSession = (index: number, session: SessionDraft) => update({ sessions: draft.sessions.map((s, i) => (i === index ? session : s)) })
  const setLesson = (index: number, lesson: LessonDraft) => update({ lessons: draft.lessons.map((l, i) => (i === index ? lesson : l)) })
  const toggleGroup = (group: TargetGroup) =>
    update({ targetGroups: draft.targetGroups.includes(group) ? draft.targetGroups.filter((g) => g !== group) : [...draft.targetGroups, group] })
  const toggleColleague = (id: string) =>
    update({ coTeacherIds: draft.coTeacherIds.includes(id) ? draft.coTeacherIds.filter((t) => t !== id) : [...draft.coTeacherIds, id] })

  const send = async (andSubmit: boolean) => {
    const { problems: found, input } = checkDraft(draft)
    setProblems(found)
    setServerError(null)
    if (!input) {
      tellNext('还有地方要改，请看红字。')
      return
    }
    setBusy(andSubmit ? 'submit' : 'save')
    let id = savedId
    try {
      const saved = id ? await updateOffering(id, input) : await createOffering(input)
      id = saved.id
      setSavedId(id)
      if (andSubmit) await submitOffering(id)
      tellDone(andSubmit ? '已提交审核' : '已保存草稿')
      void Taro.redirectTo({ url: withQuery(ROUTES.teacherOffering, { id }) })
    } catch (error) {
      setServerError(toApiError(error))
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
    } finally {
      setBusy(null)
    }
  }

  const { places, colleagues } = context
  const micro = draft.kind === OfferingKind.MicroCourse
  const problemCount = Object.keys(problems).length

  return (
    <PageShell className='offering-form'>
      {existing?.reviewNote ? (
        <View className='card offering-form__returned' id='offer-form-review-note'>
          <View className='card__title'>管理员退回的原因</View>
          <View>{existing.reviewNote}</View>
        </View>
      ) : null}
      {serverError ? <ErrorNotice error={serverError} /> : null}
      {problemCount ? (
        <View className='card offering-form__problems' id='offer-form-problems'>
          还有 {problemCount} 处需要改一下，请看下面的红字。
        </View>
      ) : null}

      <View className='card'>
        <FormField label='是哪一种' hint={KIND_HINTS[draft.kind]}>
          <ChipGroup id='offer-form-kind' options={KIND_OPTIONS} isOn={(kind) => draft.kind === kind} onTap={setKind} />
        </FormField>
        <FormField label='名称' error={problems.title}>
          <Input
            id='offer-form-title'
            value={draft.title}
            maxLength={LIMITS.titleMax}
            placeholder='例如：智能手机入门班'
            onChange={(title: string) => update({ title })}
          />
        </FormField>
        <FormField label='介绍' hint='学什么、适合谁、要带什么。居民看到的就是这段文字。' error={problems.description}>
          <TextBox
            id='offer-form-description'
            tall
            value={draft.description}
            maxLength={LIMITS.descriptionMax}
            placeholder='写几句介绍'
            onChange={(description) => update({ description })}
          />
        </FormField>
        <FormField label='类别' error={problems.category}>
          <ChipGroup id='offer-form-category' options={CATEGORY_OPTIONS} isOn={(c) => draft.category === c} onTap={(category) => update({ category })} />
        </FormField>
        <FormField label='是不是活动周、开放日的活动'>
          <ChipGroup
            id='offer-form-highlight'
            options={HIGHLIGHT_OPTIONS}
            isOn={(h) => (h === NO_HIGHLIGHT ? draft.highlight === null : draft.highlight === h)}
            onTap={(h) => update({ highlight: h === NO_HIGHLIGHT ? null : h })}
          />
        </FormField>
      </View>

      <View className='card'>
        <FormField label='适合谁（可以多选，也可以不选）' hint='不选就是所有人都适合。' error={problems.groups}>
          <ChipGroup id='offer-form-group' options={GROUP_OPTIONS} isOn={(g) => draft.targetGroups.includes(g)} onTap={toggleGroup} />
        </FormField>
        <SwitchRow
          id='offer-form-restricted'
          title='只允许这些人报名'
          note={draft.restricted ? '其他人报名时会被拒绝' : '不打开的话，谁都可以报名'}
          on={draft.restricted}
          onChange={(restricted) => update({ restricted })}
        />
      </View>

      {micro ? null : (
        <View className='card'>
          <FormField label='上课地点' hint={`${places.school?.area.name ?? ''}的学习场所，本校的排在前面。`} error={problems.place}>
            <VenueChooser venues={places.venues} schoolId={schoolId} value={draft.place} onChange={(place) => update({ place })} />
          </FormField>
        </View>
      )}

      <View className='card'>
        {colleagues.length ? (
          <FormField label='一起上课的老师（可以不选）' hint='您自己已经算在里面了。'>
            <ChipGroup
              id='offer-form-coteacher'
              options={colleagues.map((t) => ({ value: t.id, label: t.name }))}
              isOn={(id) => draft.coTeacherIds.includes(id)}
              onTap={toggleColleague}
            />
          </FormField>
        ) : null}
        <FormField label='名额（人）' hint='报满后再报名的人排候补。' error={problems.capacity}>
          <Input id='offer-form-capacity' type='number' value={draft.capacity} maxLength={digitsOf(LIMITS.capacityMax)} onChange={(capacity: string) => update({ capacity })} />
        </FormField>
      </View>

      {micro ? (
        <View className='card' id='offer-form-lessons'>
          <View className='card__title'>课程视频</View>
          {problems.lessons ? <View className='form-field__error'>{problems.lessons}</View> : null}
          {draft.lessons.map((lesson, i) => (
            <LessonRow
              key={i}
              index={i}
              lesson={lesson}
              problem={problems[`lesson-${i}`]}
              removable={draft.lessons.length > 1}
              onChange={(next) => setLesson(i, next)}
              onRemove={() => update({ lessons: draft.lessons.filter((_, j) => j !== i) })}
            />
          ))}
          <Button id='offer-form-lesson-add' block fill='outline' size='large' onClick={() => update({ lessons: [...draft.lessons, emptyLesson()] })}>
            再加一节
          </Button>
        </View>
      ) : (
        <View className='card' id='offer-form-sessions'>
          <View className='card__title'>{draft.kind === OfferingKind.Course ? '每次上课的时间' : '活动时间'}</View>
          <View className='muted'>学时按分钟填，默认等于上课时长；60 分钟记 1 学时。</View>
          {problems.sessions ? <View className='form-field__error'>{problems.sessions}</View> : null}
          {draft.sessions.map((session, i) => (
            <SessionRow
              key={i}
              index={i}
              session={session}
              problem={problems[`session-${i}`]}
              removable={draft.sessions.length > 1}
              onChange={(next) => setSession(i, next)}
              onRemove={() => update({ sessions: draft.sessions.filter((_, j) => j !== i) })}
            />
          ))}
          {draft.kind === OfferingKind.Course ? (
            <Button
              id='offer-form-session-add'
              block
              fill='outline'
              size='large'
              onClick={() => update({ sessions: [...draft.sessions, nextSession(draft.sessions)] })}
            >
              再加一次（默认一周后同一时间）
            </Button>
          ) : null}
        </View>
      )}

      {micro ? null : (
        <View className='card' id='offer-form-checkin'>
          <View className='card__title'>签到</View>
          <SwitchRow
            id='offer-form-walkin'
            title='允许现场报名'
            note={draft.allowWalkIn ? '没报名的居民扫码时，有名额就直接报上并签到' : '只有报了名的居民能签到'}
            on={draft.allowWalkIn}
            onChange={(allowWalkIn) => update({ allowWalkIn })}
          />
          <SwitchRow
            id='offer-form-checkout'
            title='需要签退'
            note={draft.requiresCheckOut ? '学时按签到到签退之间的时间计算，最多记满这一次的学时' : '签到就记这一次的学时'}
            on={draft.requiresCheckOut}
            onChange={(requiresCheckOut) => update({ requiresCheckOut })}
          />
          {draft.place === 'online' ? null : (
            <FormField label='签到范围' hint='用居民手机的位置确认人在现场；居民不允许使用位置或定位不准时，也按这里的选择处理。'>
              <ChipGroup
                id='offer-form-geofence'
                options={GEOFENCE_OPTIONS}
                isOn={(policy) => draft.geofencePolicy === policy}
                onTap={(geofencePolicy) => update({ geofencePolicy })}
              />
            </FormField>
          )}
          {draft.place !== 'online' && draft.geofencePolicy !== GeofencePolicy.Off ? (
            <FormField label='离上课地点多远以内（米）' hint={`${LIMITS.geofenceRadiusMin} 到 ${LIMITS.geofenceRadiusMax} 米。`} error={problems.geofenceRadius}>
              <Input
                id='offer-form-geofence-radius'
                type='number'
                value={draft.geofenceRadius}
                maxLength={digitsOf(LIMITS.geofenceRadiusMax)}
                onChange={(geofenceRadius: string) => update({ geofenceRadius })}
              />
            </FormField>
          ) : null}
          <FormField label='提前多少分钟开放签到' hint={`一直可以签到到结束时间。最多提前 ${LIMITS.checkInOpensMinutesMax} 分钟。`} error={problems.checkInOpens}>
            <Input
              id='offer-form-checkin-opens'
              type='number'
              value={draft.checkInOpens}
              maxLength={digitsOf(LIMITS.checkInOpensMinutesMax)}
              onChange={(checkInOpens: string) => update({ checkInOpens })}
            />
          </FormField>
        </View>
      )}

      <View className='card'>
        <FormField label='开始报名' hint='不选就是现在开始；审核通过后居民才看得到。' error={problems.opens}>
          <StampInput id='offer-form-enroll-opens' label='开始报名' value={draft.enrollOpens} onChange={(enrollOpens) => update({ enrollOpens })} />
        </FormField>
        <FormField
          label='截止报名'
          hint={micro ? '不选就是一年内都可以报名。' : '不选就到第一次开始上课时截止。'}
          error={problems.closes}
        >
          <StampInput id='offer-form-enroll-closes' label='截止报名' value={draft.enrollCloses} onChange={(enrollCloses) => update({ enrollCloses })} />
        </FormField>
      </View>

      <View className='offering-form__actions'>
        <Button id='offer-form-submit' type='primary' size='large' block loading={busy === 'submit'} disabled={busy !== null} onClick={() => void send(true)}>
          提交审核
        </Button>
        <View className='button-row'>
          <Button id='offer-form-save' size='large' block loading={busy === 'save'} disabled={busy !== null} onClick={() => void send(false)}>
            先保存草稿
          </Button>
        </View>
        <View className='muted offering-form__note'>提交后由上课地点所在地区的管理员审核，通过后居民就能看到并报名。</View>
      </View>
    </PageShell>
  )
}
