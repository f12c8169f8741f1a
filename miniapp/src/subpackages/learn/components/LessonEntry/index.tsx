import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROUTES } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import type { LessonProgress, LessonView } from '../../../../services/api/types'
import './index.scss'

/** What the resident has of this lesson so far, in a few words. */
function statusText(progress: LessonProgress): string {
  if (progress.credited) return `已记 ${progress.creditedMinutes ?? progress.minutes} 分钟学时`
  if (progress.waitingForCap) return '已看完，今天线上学时已满，明天打开就记上'
  if (progress.watchedSeconds > 0) return `已看 ${Math.min(99, Math.floor((progress.watchedSeconds * 100) / progress.requiredSeconds))}%`
  return ''
}

/** Under a lesson of the course page: 看视频, and how far the resident got. */
export default function LessonEntry({ lesson, progress }: { lesson: LessonView; progress: LessonProgress | undefined }) {
  const status = progress ? statusText(progress) : ''
  return (
    <View className='lesson-entry'>
      {status ? (
        <View className={progress?.credited ? 'lesson-entry__status lesson-entry__status--done' : 'lesson-entry__status'} id={`detail-lesson-${lesson.id}-status`}>
          {status}
        </View>
      ) : null}
      <Button
        id={`detail-lesson-${lesson.id}-play`}
        type='primary'
        fill={progress?.credited ? 'outline' : 'solid'}
        onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.learnLesson, { id: lesson.id }) })}
      >
        {progress?.credited ? '再看一遍' : '看视频'}
      </Button>
    </View>
  )
}
