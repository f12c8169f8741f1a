import { Text, View } from '@tarojs/components'
import {
  CATEGORY_LABELS,
  HIGHLIGHT_LABELS,
  OFFERING_KIND_LABELS,
  OFFERING_STATUS_LABELS,
  OfferingKind,
  OfferingStatus,
  TARGET_GROUP_LABELS
} from '@lp/shared'
import type { ReactNode } from 'react'
import InfoRow from '../InfoRow'
import MapButton from '../MapButton'
import { formatDayTime } from '../../utils/time'
import LessonList from './LessonList'
import SessionList from './SessionList'
import type { LessonView, OfferingDetail, SessionView, TeacherSummary } from '../../services/api/types'
import './index.scss'

interface Props {
  offering: OfferingDetail
  /** Tapping a teacher's name, e.g. to open their profile. */
  onTeacher?: (teacher: TeacherSummary) => void
  /** Something under each session, e.g. the teacher's 取消这次课. */
  sessionAction?: (session: SessionView) => ReactNode
  /** Something under each video lesson, e.g. the resident's 看视频. */
  lessonAction?: (lesson: LessonView) => ReactNode
  /** Shown right under the title card, where it is seen without scrolling: 报名, 审核. */
  action?: ReactNode
}

function placesLine(offering: OfferingDetail): string {
  // Micro-courses have room for almost everyone; the count of learners says more.
  if (offering.kind === OfferingKind.MicroCourse && offering.placesLeft > 0) return `已有 ${offering.enrolledCount} 人报名学习`
  const base = `共 ${offering.capacity} 个名额，已报名 ${offering.enrolledCount} 人`
  if (offering.placesLeft > 0) return `${base}，还剩 ${offering.placesLeft} 个`
  return offering.waitlistCount ? `${base}，已满；另有 ${offering.waitlistCount} 人在候补` : `${base}，已满`
}

/** Everything a course or activity says about itself, as plain text: never HTML. */
export default function OfferingFacts({ offering, onTeacher, sessionAction, lessonAction, action }: Props) {
  const place = offering.online || !offering.venue ? null : offering.venue
  const groups = offering.targetGroups.map((g) => TARGET_GROUP_LABELS[g]).join('、')
  return (
    <>
      <View className='card offering-facts__head' id='detail-head'>
        <View className='offering-facts__tags'>
          {offering.highlight ? <View className='offering-facts__tag offering-facts__tag--highlight'>{HIGHLIGHT_LABELS[offering.highlight]}</View> : null}
          <View className='offering-facts__tag'>{OFFERING_KIND_LABELS[offering.kind]}</View>
          <View className='offering-facts__tag'>{CATEGORY_LABELS[offering.category]}</View>
          {offering.status !== OfferingStatus.Published ? (
            <View className='offering-facts__tag offering-facts__tag--status' id='detail-status'>
              {OFFERING_STATUS_LABELS[offering.status]}
            </View>
          ) : null}
        </View>
        <View className='offering-facts__title' id='detail-title' role='heading' aria-level={1}>
          {offering.title}
        </View>
        <InfoRow label='举办学校' value={offering.school.name} />
        <InfoRow
          label='老师'
          value={
            offering.teachers.length ? (
              <View className='offering-facts__teachers'>
                {offering.teachers.map((teacher) => (
                  <View
                    role={onTeacher ? 'button' : undefined}
                    key={teacher.id}
                    id={`detail-teacher-${teacher.id}`}
                    className={onTeacher ? 'offering-facts__teacher offering-facts__teacher--link' : 'offering-facts__teacher'}
                    onClick={() => onTeacher?.(teacher)}
                  >
                    {teacher.name}
                    {onTeacher ? ' ›' : ''}
                  </View>
                ))}
              </View>
            ) : (
              '还没有安排'
            )
          }
        />
        <InfoRow label='适合' value={groups || '所有人'} />
        {offering.restrictedToTargetGroups && groups ? <InfoRow label='报名条件' value={`只有${groups}可以报名`} /> : null}
        <InfoRow label='报名时间' value={`${formatDayTime(offering.enrollOpensAt)} 至 ${formatDayTime(offering.enrollClosesAt)}`} />
        <InfoRow label='名额' value={<View id='detail-places'>{placesLine(offering)}</View>} />
      </View>

      {action}

      <View className='card' id='detail-where'>
        <View className='card__title'>地点</View>
        {place ? (
          <>
            <View className='offering-facts__venue'>{place.name}</View>
            {offering.venueAddress ? <View className='muted'>{offering.venueAddress}</View> : null}
            <View className='button-row'>
              <MapButton place={{ name: place.name, address: offering.venueAddress, latitude: place.latitude, longitude: place.longitude }} />
            </View>
          </>
        ) : (
          <View>线上进行，在手机上就能参加。</View>
        )}
      </View>

      {offering.description ? (
        <View className='card' id='detail-description'>
          <View className='card__title'>介绍</View>
          <Text className='offering-facts__description' userSelect>
            {offering.description}
          </Text>
        </View>
      ) : null}

      {offering.sessions.length ? <SessionList sessions={offering.sessions} actionFor={sessionAction} /> : null}
      {offering.lessons.length ? <LessonList lessons={offering.lessons} actionFor={lessonAction} /> : null}
    </>
  )
}
