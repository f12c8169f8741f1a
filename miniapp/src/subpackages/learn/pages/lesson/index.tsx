import { View } from '@tarojs/components'
import { Video } from '../../../../ui/rare/video'
import Taro, { useDidHide, useRouter } from '@tarojs/taro'
import { Role } from '@lp/shared'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { getLessonPlayer } from '../../../../services/online-learning'
import { serverFileUrl } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { tellDone } from '../../../../utils/feedback'
import { idParam } from '../../../../utils/params'
import { ROUTES } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import { usePlaybackReporter } from './usePlaybackReporter'
import type { LessonProgress, OnlineLearningToday, PlaybackState } from '../../../../services/api/types'
import './index.scss'

const VIDEO_ID = 'lesson-video'

/** "3 分 20 秒", "45 秒": watching time as people say it. */
function spoken(seconds: number): string {
  const m = Math.floor(seconds / 60)
  const s = seconds % 60
  if (!m) return `${s} 秒`
  return s ? `${m} 分 ${s} 秒` : `${m} 分钟`
}

function pauseVideo(): void {
  try {
    Taro.createVideoContext(VIDEO_ID).pause()
  } catch {
    // the video is already gone with the page
  }
}

/** How far along the lesson is, and what was credited. */
function ProgressCard({ progress, today }: { progress: LessonProgress; today: OnlineLearningToday }) {
  const percent = Math.min(100, Math.floor((progress.watchedSeconds * 100) / progress.requiredSeconds))
  return (
    <View className='card lesson-page__progress' id='lesson-progress' data-watched={progress.watchedSeconds} data-credited={progress.credited ? '1' : '0'}>
      {progress.credited ? (
        <View className='lesson-page__result' id='lesson-result'>
          本课已记 {progress.creditedMinutes ?? progress.minutes} 分钟学时
          {progress.creditedMinutes !== null && progress.creditedMinutes < progress.minutes ? (
            <View className='lesson-page__result-note'>那天线上学习已到 {today.capMinutes} 分钟上限，所以只记了这些。</View>
          ) : null}
        </View>
      ) : progress.waitingForCap ? (
        <View className='lesson-page__waiting' id='lesson-waiting'>
          这节课已经看完了。今天线上学习已记满 {today.capMinutes} 分钟，明天再打开这节课点播放，就会记上 {progress.minutes} 分钟学时。
        </View>
      ) : (
        <>
          <View className='lesson-page__watched'>
            已认真看了 {spoken(progress.watchedSeconds)}，看够 {spoken(progress.requiredSeconds)} 就记 {progress.minutes} 分钟学时
          </View>
          <View className='lesson-page__bar'>
            <View className='lesson-page__bar-fill' style={{ width: `${percent}%` }} />
          </View>
        </>
      )}
      <View className='lesson-page__today' id='lesson-today'>
        今天已记线上学习 {today.minutes} 分钟，每天最多 {today.capMinutes} 分钟
      </View>
    </View>
  )
}

/** One video lesson of a micro-course: plays it, reports where it is, and says plainly what counts. */
export default function LessonPage() {
  const { params } = useRouter()
  const id = idParam(params.id)
  const user = useCurrentUser()
  const bound = user?.role === Role.Resident && user.profileBound
  const player = useLoader(() => getLessonPlayer(id ?? 0), [id, user?.id], id !== null && bound)
  // the newest answer of a heartbeat, newer than what the page loaded
  const [live, setLive] = useState<PlaybackState | null>(null)
  const [videoBroken, setVideoBroken] = useState(false)

  const data = player.data
  const progress = live?.progress ?? data?.progress
  const today = live?.today ?? data?.today
  const reporter = usePlaybackReporter({
    lessonId: id ?? 0,
    counting: !!data?.enrolled && !progress?.credited,
    onState: (state) => {
      setLive(state)
      if (state.justCredited) tellDone(`本课已记 ${state.justCredited.minutes} 分钟学时`)
    },
    onTakenOver: pauseVideo
  })

  useDidHide(() => {
    pauseVideo()
    reporter.leave()
  })

  if (id === null) {
    return (
      <PageShell className='lesson-page'>
        <EmptyNotice text='没有找到这节课。' actionText='去找课程' onAction={() => void Taro.redirectTo({ url: ROUTES.learnList })} />
      </PageShell>
    )
  }
  if (!bound) {
    const staff = user !== null && user.role !== Role.Resident
    return (
      <PageShell className='lesson-page'>
        <EmptyNotice
          id='lesson-login'
          text={staff ? '看课记学时是居民的功能，请用居民账号登录。' : '登录并填好基本信息后，看视频就能记学时。'}
          actionText={staff ? undefined : user ? '去填写' : '去登录'}
          onAction={() => void Taro.navigateTo({ url: user ? ROUTES.bind : ROUTES.login })}
        />
      </PageShell>
    )
  }

  return (
    <PageShell className='lesson-page'>
      {player.error ? <ErrorNotice error={player.error} onRetry={player.reload} /> : null}
      {!data && player.loading ? <LoadingNotice /> : null}
      {data && progress && today ? (
        <>
          <View className='card'>
            <View className='lesson-page__course'>{data.offering.title}</View>
            <View className='lesson-page__title' id='lesson-title'>
              第 {data.lesson.seq} 节　{data.lesson.title}
            </View>
          </View>

          {/* Taro's video positions itself absolutely: this box gives it its place and size */}
          <View className='lesson-page__screen'>
            <Video
              id={VIDEO_ID}
              className='lesson-page__video'
              src={serverFileUrl(data.lesson.videoUrl)}
              title={data.lesson.title}
              showFullscreenBtn
              enableProgressGesture={false}
              onPlay={reporter.played}
              onPause={reporter.paused}
              onEnded={() => reporter.ended(data.lesson.durationSeconds)}
              onTimeUpdate={(e) => reporter.moved(e.detail.currentTime)}
              onError={() => setVideoBroken(true)}
              onLoadedMetaData={() => setVideoBroken(false)}
            />
          </View>

          {videoBroken ? (
            <View className='card lesson-page__problem' id='lesson-video-problem'>
              视频放不出来。请看看手机有没有联网，过一会儿再点播放；还不行，请告诉老师。
            </View>
          ) : null}

          <View className='card lesson-page__rule' id='lesson-rule'>
            要真的在看才计时：拖动进度条、暂停或离开页面都不计时；每天线上学习最多计 {today.capMinutes} 分钟
          </View>

          {reporter.takenOver ? (
            <View className='card lesson-page__taken' id='lesson-taken-over'>
              <View>已在另一台设备上播放，本设备不再计时</View>
              <View className='button-row'>
                <Button id='lesson-take-back' type='primary' size='large' block onClick={reporter.takeBack}>
                  改在这台手机上看
                </Button>
              </View>
            </View>
          ) : null}

          {reporter.problem && !reporter.takenOver ? (
            <View className='card lesson-page__problem' id='lesson-problem'>
              {reporter.problem.message} 视频可以接着看，联网后会接着计时。
            </View>
          ) : null}

          {data.enrolled ? (
            <ProgressCard progress={progress} today={today} />
          ) : (
            <EmptyNotice
              id='lesson-not-enrolled'
              text='您还没有报名这个课程。视频可以先看，报名后看才记学时。'
              actionText='去报名'
              onAction={() => void Taro.navigateTo({ url: withQuery(ROUTES.learnDetail, { id: data.offering.id }) })}
            />
          )}
        </>
      ) : null}
    </PageShell>
  )
}
