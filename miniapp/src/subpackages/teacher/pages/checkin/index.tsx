import { Text, View } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import QrCode from '../../../../components/QrCode'
import { useCurrentUser } from '../../../../services/session'
import { idParam } from '../../../../utils/params'
import { ROUTES, isTeacher } from '../../../../utils/routes'
import { formatClock, formatDayTime } from '../../../../utils/time'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import ArrivalCounts from '../../components/ArrivalCounts'
import { useCheckInDisplay } from '../../hooks/useCheckInDisplay'
import { useLiveRoster } from '../../hooks/useLiveRoster'
import type { CheckInDisplay } from '../../../../services/api/types'
import './index.scss'

const IN_BROWSER = process.env.TARO_ENV === 'h5'

function stateText(display: CheckInDisplay): string {
  if (display.state === 'not_open') return `签到还没开始，${formatDayTime(display.opensAt)} 开始`
  if (display.state === 'closed') return '签到已结束'
  return `正在签到，${formatClock(display.closesAt)} 截止`
}

/** Browser only: the whole screen for a projector, where the browser allows it. */
function enterFullScreen(): void {
  if (!document.fullscreenElement) void document.documentElement.requestFullscreen?.().catch(() => undefined)
}

/** The projector layout's own address, to type into the classroom PC. */
function screenAddress(sessionId: number): string {
  return `${window.location.origin}${window.location.pathname}#${withQuery(ROUTES.teacherCheckIn, { sessionId, screen: 1 })}`
}

function leaveFullScreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined)
}

/**
 * 签到 screen of one session: the rotating QR (new every 10 seconds), the 6-digit code to read
 * aloud (new every minute) and how many have arrived. `screen=1` is the projector layout: a
 * plain URL a teacher can open on the classroom PC.
 */
export default function TeacherCheckInPage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const sessionId = idParam(params.sessionId)
  const allowed = sessionId !== null && isTeacher(user)
  const { display, error, behind } = useCheckInDisplay(allowed ? sessionId : null)
  const live = useLiveRoster(allowed ? sessionId : null)
  const [screen, setScreen] = useState(IN_BROWSER && params.screen === '1')

  // A phone held up for scanning must not dim and lock.
  useDidShow(() => {
    if (!IN_BROWSER) void Taro.setKeepScreenOn({ keepScreenOn: true })
  })
  useDidHide(() => {
    if (!IN_BROWSER) void Taro.setKeepScreenOn({ keepScreenOn: false })
  })

  if (!allowed) {
    return (
      <PageShell className='teacher-checkin'>
        <EmptyNotice text='请用教师账号登录，从课程或活动的页面点“签到”进入。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  if (error) {
    return (
      <PageShell className='teacher-checkin'>
        <ErrorNotice error={error} />
      </PageShell>
    )
  }
  if (!display) {
    return (
      <PageShell className='teacher-checkin'>
        <LoadingNotice />
      </PageShell>
    )
  }

  const open = display.state === 'open' && display.qr !== null && display.code !== null
  const project = () => {
    setScreen(true)
    enterFullScreen()
  }
  const unproject = () => {
    setScreen(false)
    leaveFullScreen()
  }

  return (
    <PageShell className={screen ? 'teacher-checkin teacher-checkin--screen' : 'teacher-checkin'}>
      <View className='card teacher-checkin__board'>
        <View className='teacher-checkin__title' id='checkin-title'>
          {display.offeringTitle}
        </View>
        <View className={`teacher-checkin__state teacher-checkin__state--${display.state}`} id='checkin-state' data-state={display.state}>
          {stateText(display)}
        </View>
        {open && display.qr && display.code ? (
          <>
            <View className={behind ? 'teacher-checkin__qr-box teacher-checkin__qr-box--behind' : 'teacher-checkin__qr-box'}>
              <QrCode id='checkin-qr' label='签到二维码，请用微信扫一扫' className='teacher-checkin__qr' text={display.qr} />
            </View>
            <View className='teacher-checkin__code' id='checkin-code-display' data-code={display.code}>
              <Text className='teacher-checkin__code-label'>签到码 </Text>
              <Text className='teacher-checkin__code-digits'>
                {display.code.slice(0, 3)} {display.code.slice(3)}
              </Text>
            </View>
            <View className='teacher-checkin__how'>
              用微信“扫一扫”扫这个码就能签到。不能扫码的，选好这次活动后输入上面的签到码。
            </View>
          </>
        ) : (
          <View className='teacher-checkin__waiting'>
            {display.state === 'not_open' ? '到时间后这里会出现签到二维码，不用刷新。' : '可以在到场名单里查看谁来了、导出签到表。'}
          </View>
        )}
        {behind ? <View className='teacher-checkin__behind'>网络不稳，正在重新取二维码…</View> : null}
      </View>

      <ArrivalCounts id='checkin-counts' roster={live.roster} behind={live.behind} />

      {screen ? (
        <View role='button' className='teacher-checkin__leave' id='checkin-screen-exit' onClick={unproject}>
          退出投影
        </View>
      ) : (
        <>
          <View className='button-row'>
            <Button
              id='checkin-roster'
              type='primary'
              size='large'
              block
              onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.teacherRoster, { sessionId }) })}
            >
              到场名单、代签、结束签到
            </Button>
          </View>
          {IN_BROWSER ? (
            <View className='button-row'>
              <Button id='checkin-screen' size='large' block onClick={project}>
                投影到大屏幕
              </Button>
              <View className='muted teacher-checkin__screen-note'>
                也可以在教室电脑的浏览器里登录后打开：{screenAddress(sessionId)}
              </View>
            </View>
          ) : null}
        </>
      )}
    </PageShell>
  )
}
