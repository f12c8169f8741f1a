import { GeofencePolicy, OFFERING_LIMITS as LIMITS, OfferingKind, type Category, type Highlight, type TargetGroup } from '@lp/shared'
import type { OfferingInput } from '../../../../services/teaching'
import { addDays, isDate, isTime, minutesBetween, nowLocal, toInstant, toLocal } from '../../../../utils/time'
import type { OfferingDetail } from '../../../../services/api/types'

export interface SessionDraft {
  /** YYYY-MM-DD */
  date: string
  /** HH:mm */
  start: string
  end: string
  /** 学时 in minutes, as typed. */
  minutes: string
  /** The teacher typed the minutes; until then they follow the session's length. */
  minutesTyped: boolean
}

export interface LessonDraft {
  title: string
  videoUrl: string
  /** The video's length in whole minutes, as typed. */
  durationMinutes: string
}

/** A point in time as the form holds it: "YYYY-MM-DDTHH:mm" in Shanghai time, or '' for the default. */
export type LocalStamp = string

export interface OfferingDraft {
  kind: OfferingKind
  title: string
  description: string
  category: Category | null
  targetGroups: TargetGroup[]
  restricted: boolean
  highlight: Highlight | null
  /** A venue, or 'online'; null until chosen. */
  place: number | 'online' | null
  coTeacherIds: string[]
  capacity: string
  enrollOpens: LocalStamp
  enrollCloses: LocalStamp
  sessions: SessionDraft[]
  lessons: LessonDraft[]
  /** 签到 settings; the server keeps them only if every save sends them. */
  allowWalkIn: boolean
  requiresCheckOut: boolean
  geofencePolicy: GeofencePolicy
  /** Metres, as typed. */
  geofenceRadius: string
  /** Minutes before the start that check-in opens, as typed. */
  checkInOpens: string
}

export type Problems = Record<string, string>

/** A micro-course without a chosen deadline can be joined for a year. */
const MICRO_COURSE_OPEN_DAYS = 365

export const emptySession = (date = ''): SessionDraft => ({ date, start: '14:00', end: '15:30', minutes: '90', minutesTyped: false })
export const emptyLesson = (): LessonDraft => ({ title: '', videoUrl: '', durationMinutes: '' })

export function newDraft(): OfferingDraft {
  const { date } = nowLocal()
  return {
    kind: OfferingKind.Activity,
    title: '',
    description: '',
    category: null,
    targetGroups: [],
    restricted: false,
    highlight: null,
    place: null,
    coTeacherIds: [],
    capacity: '30',
    enrollOpens: '',
    enrollCloses: '',
    sessions: [emptySession(addDays(date, 7))],
    lessons: [emptyLesson()],
    allowWalkIn: false,
    requiresCheckOut: false,
    geofencePolicy: GeofencePolicy.Off,
    geofenceRadius: String(LIMITS.geofenceRadiusDefault),
    checkInOpens: String(LIMITS.checkInOpensMinutesDefault)
  }
}

const stamp = (iso: string): LocalStamp => {
  const { date, time } = toLocal(iso)
  return `${date}T${time}`
}

/** A saved draft back into the form, to go on editing it. */
export function draftOf(offering: OfferingDetail, selfId: string | undefined): OfferingDraft {
  return {
    kind: offering.kind,
    title: offering.title,
    description: offering.description,
    category: offering.category,
    targetGroups: offering.targetGroups,
    restricted: offering.restrictedToTargetGroups,
    highlight: offering.highlight,
    place: offering.online || !offering.venue ? 'online' : offering.venue.id,
    coTeacherIds: offering.teachers.map((t) => t.id).filter((id) => id !== selfId),
    capacity: String(offering.capacity),
    enrollOpens: stamp(offering.enrollOpensAt),
    enrollCloses: stamp(offering.enrollClosesAt),
    sessions: offering.sessions.length
      ? offering.sessions.map((s) => {
          const start = toLocal(s.startsAt)
          const end = toLocal(s.endsAt)
          return {
            date: start.date,
            start: start.time,
            end: end.time,
            minutes: String(s.minutes),
            minutesTyped: s.minutes !== minutesBetween(start.time, end.time)
          }
        })
      : [emptySession()],
    lessons: offering.lessons.length
      ? offering.lessons.map((l) => ({ title: l.title, videoUrl: l.videoUrl, durationMinutes: String(Math.round(l.durationSeconds / 60)) }))
      : [emptyLesson()],
    allowWalkIn: offering.allowWalkIn,
    requiresCheckOut: offering.requiresCheckOut,
    geofencePolicy: offering.geofencePolicy,
    geofenceRadius: String(offering.geofenceRadiusMeters),
    checkInOpens: String(offering.checkInOpensMinutes)
  }
}

/** A session's times changed: its 学时 follow its length unless the teacher typed them. */
export function withTimes(session: SessionDraft, patch: Partial<Pick<SessionDraft, 'date' | 'start' | 'end'>>): SessionDraft {
  const next = { ...session, ...patch }
  if (!next.minutesTyped && isTime(next.start) && isTime(next.end)) {
    const length = minutesBetween(next.start, next.end)
    if (length > 0) next.minutes = String(length)
  }
  return next
}

/** The next session of a weekly course: a week after the last one, at the same time. */
export function nextSession(sessions: SessionDraft[]): SessionDraft {
  const last = sessions[sessions.length - 1]
  if (!last || !isDate(last.date)) return emptySession()
  return { ...last, date: addDays(last.date, 7) }
}

const hasMarkup = (text: string): boolean => /[<>]/.test(text)
const wholeNumber = (text: string): number | null => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null)
const isStamp = (value: string): boolean => isDate(value.slice(0, 10)) && value[10] === 'T' && isTime(value.slice(11, 16))
const instantOf = (value: LocalStamp): string => toInstant(value.slice(0, 10), value.slice(11, 16))

function checkSessions(draft: OfferingDraft, problems: Problems): OfferingInput['sessions'] {
  if (draft.kind === OfferingKind.MicroCourse) return []
  if (!draft.sessions.length) problems.sessions = '请至少安排一次上课时间。'
  if (draft.kind === OfferingKind.Activity && draft.sessions.length > 1) problems.sessions = '活动只有一次；要上多次请选“课程”。'
  return draft.sessions.map((session, i) => {
    const minutes = wholeNumber(session.minutes)
    const length = isTime(session.start) && isTime(session.end) ? minutesBetween(session.start, session.end) : 0
    let problem: string | null = null
    if (!isDate(session.date)) problem = '请选择日期。'
    else if (!isTime(session.start) || !isTime(session.end)) problem = '请选择开始和结束时间。'
    else if (length <= 0) problem = '结束时间要晚于开始时间。'
    else if (Date.parse(toInstant(session.date, session.start)) <= Date.now()) problem = '这个时间已经过去了。'
    else if (minutes === null || minutes < 1) problem = '请填写记多少分钟学时。'
    else if (minutes > length) problem = `学时不能多于上课时长（${length} 分钟）。`
    if (problem) problems[`session-${i}`] = problem
    return { startsAt: toInstant(session.date, session.start), endsAt: toInstant(session.date, session.end), minutes: minutes ?? 0 }
  })
}

function checkLessons(draft: OfferingDraft, problems: Problems): OfferingInput['lessons'] {
  if (draft.kind !== OfferingKind.MicroCourse) return []
  if (!draft.lessons.length) problems.lessons = '请至少添加一节视频。'
  return draft.lessons.map((lesson, i) => {
    const duration = wholeNumber(lesson.durationMinutes)
    let problem: string | null = null
    if (lesson.title.trim().length < LIMITS.titleMin) problem = `请填写这一节的标题，至少${LIMITS.titleMin}个字。`
    else if (hasMarkup(lesson.title)) problem = '标题里不能有尖括号。'
    else if (!/^https:\/\/[^\s<>"]+$/.test(lesson.videoUrl.trim())) problem = '视频地址要以 https:// 开头。'
    else if (duration === null || duration < 1) problem = '请填写视频有几分钟。'
    else if (duration > LIMITS.lessonMinutesMax) problem = `一节视频最长 ${LIMITS.lessonMinutesMax} 分钟。`
    if (problem) problems[`lesson-${i}`] = problem
    const minutes = duration ?? 0
    return { title: lesson.title.trim(), videoUrl: lesson.videoUrl.trim(), durationSeconds: minutes * 60, minutes }
  })
}

type CheckInSettings = Required<Pick<OfferingInput, 'allowWalkIn' | 'requiresCheckOut' | 'geofencePolicy' | 'geofenceRadiusMeters' | 'checkInOpensMinutes'>>

/** 签到 settings, always sent so that saving a draft keeps them. Online there is no venue to be near. */
function checkCheckIn(draft: OfferingDraft, online: boolean, problems: Problems): CheckInSettings | null {
  const geofencePolicy = online ? GeofencePolicy.Off : draft.geofencePolicy
  const radius = wholeNumber(draft.geofenceRadius)
  const opens = wholeNumber(draft.checkInOpens)
  const radiusFits = radius !== null && radius >= LIMITS.geofenceRadiusMin && radius <= LIMITS.geofenceRadiusMax
  if (geofencePolicy !== GeofencePolicy.Off && !radiusFits) {
    problems.geofenceRadius = `范围请填 ${LIMITS.geofenceRadiusMin} 到 ${LIMITS.geofenceRadiusMax} 米之间的整数。`
  }
  if (opens === null || opens > LIMITS.checkInOpensMinutesMax) problems.checkInOpens = `请填 0 到 ${LIMITS.checkInOpensMinutesMax} 之间的整数分钟。`
  if (problems.geofenceRadius || problems.checkInOpens || opens === null) return null
  return {
    allowWalkIn: draft.allowWalkIn,
    requiresCheckOut: draft.requiresCheckOut,
    geofencePolicy,
    // A radius kept from before is sent even while the fence is off, so turning it on again restores it.
    geofenceRadiusMeters: radiusFits ? radius : LIMITS.geofenceRadiusDefault,
    checkInOpensMinutes: opens
  }
}

/**
 * Checks what the form can know before the server does and builds the request. The
 * enrollment window has defaults: it opens now and closes when the first session starts
 * (a micro-course, which has no sessions, stays open for a year).
 */
export function checkDraft(draft: OfferingDraft): { problems: Problems; input: OfferingInput | null } {
  const problems: Problems = {}
  const title = draft.title.trim()
  if (title.length < LIMITS.titleMin) problems.title = `请填写名称，至少${LIMITS.titleMin}个字。`
  else if (title.length > LIMITS.titleMax) problems.title = `名称最多 ${LIMITS.titleMax} 个字。`
  else if (hasMarkup(title)) problems.title = '名称里不能有尖括号。'
  const description = draft.description.trim()
  if (!description) problems.description = '请写几句介绍：学什么、适合谁、要带什么。'
  else if (description.length > LIMITS.descriptionMax) problems.description = `介绍最多 ${LIMITS.descriptionMax} 个字。`
  else if (hasMarkup(description)) problems.description = '介绍里不能有尖括号（< 和 >）。'
  if (!draft.category) problems.category = '请选择类别。'
  if (draft.restricted && !draft.targetGroups.length) problems.groups = '只允许部分人报名时，请选出是哪些人。'
  const online = draft.kind === OfferingKind.MicroCourse || draft.place === 'online'
  if (!online && draft.place === null) problems.place = '请选择上课地点，或选“线上”。'
  const capacity = wholeNumber(draft.capacity)
  if (capacity === null || capacity < 1) problems.capacity = '名额要填 1 或更多的整数。'
  else if (capacity > LIMITS.capacityMax) problems.capacity = `名额最多 ${LIMITS.capacityMax} 个。`

  const sessions = checkSessions(draft, problems)
  const lessons = checkLessons(draft, problems)
  const checkInSettings = checkCheckIn(draft, online, problems)

  if (draft.enrollOpens && !isStamp(draft.enrollOpens)) problems.opens = '请选择开始报名的日期和时间。'
  if (draft.enrollCloses && !isStamp(draft.enrollCloses)) problems.closes = '请选择截止报名的日期和时间。'
  const starts = sessions.map((s) => Date.parse(s.startsAt)).filter(Number.isFinite).sort((a, b) => a - b)
  const firstStart = starts.length ? new Date(starts[0]).toISOString() : null
  const lastStart = starts.length ? starts[starts.length - 1] : null
  const opens = draft.enrollOpens ? instantOf(draft.enrollOpens) : new Date().toISOString()
  const closes = draft.enrollCloses
    ? instantOf(draft.enrollCloses)
    : (firstStart ?? new Date(Date.parse(opens) + MICRO_COURSE_OPEN_DAYS * 86_400_000).toISOString())
  if (!problems.closes && lastStart !== null && Date.parse(closes) > lastStart) {
    problems.closes = '截止时间不能晚于最后一次课开始。'
  }
  if (!problems.opens && !problems.closes && Date.parse(closes) <= Date.parse(opens)) problems.closes = '截止时间要晚于开始报名的时间。'

  if (Object.keys(problems).length || !draft.category || capacity === null || !checkInSettings) return { problems, input: null }
  return {
    problems,
    input: {
      kind: draft.kind,
      title,
      description,
      category: draft.category,
      targetGroups: draft.targetGroups,
      restrictedToTargetGroups: draft.restricted,
      highlight: draft.highlight,
      venueId: online || draft.place === 'online' ? null : draft.place,
      coTeacherIds: draft.coTeacherIds,
      capacity,
      enrollOpensAt: opens,
      enrollClosesAt: closes,
      sessions,
      lessons,
      ...checkInSettings
    }
  }
}
