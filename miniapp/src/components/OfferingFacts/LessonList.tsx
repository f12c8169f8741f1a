import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { durationText, studyHoursText } from '../../utils/time'
import type { LessonView } from '../../services/api/types'

interface Props {
  lessons: LessonView[]
  /** Something to put under a lesson, e.g. the resident's 看视频 and what was credited. */
  actionFor?: (lesson: LessonView) => ReactNode
}

/** The videos of a micro-course in order, with their length and 学时. */
export default function LessonList({ lessons, actionFor }: Props) {
  return (
    <View className='card' id='detail-lessons'>
      <View className='card__title'>课程视频（共 {lessons.length} 节）</View>
      {lessons.map((lesson) => (
        <View key={lesson.id} className='session-row' id={`detail-lesson-${lesson.id}`}>
          <View className='session-row__time'>
            第 {lesson.seq} 节　{lesson.title}
          </View>
          <View className='session-row__note'>
            时长 {durationText(lesson.durationSeconds)} · {studyHoursText(lesson.minutes)}
          </View>
          {actionFor ? actionFor(lesson) : null}
        </View>
      ))}
    </View>
  )
}
