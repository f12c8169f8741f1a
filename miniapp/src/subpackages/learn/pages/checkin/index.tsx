import { View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { CHECKIN_CODE_DIGITS, CheckInError, checkInQrToken, ClientError, GeofencePolicy, ProfileError, QR_GRACE_SECONDS, Role } from '@lp/shared'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { loginWithWechat } from '../../../../services/auth'
import {
  answerLocationQuestion,
  checkIn,
  clearPending,
  getLocationAnswer,
  flushOfflineCheckIns,
  isNetworkError,
  keepOffline,
  keepPending,
  locationRefused,
  offlineScans,
  pendingCheckIn,
  rememberResult,
  type CheckInRequest
} from '../../../../services/check-ins'
import { ApiError, toApiError } from '../../../../services/request'
import { session, useCurrentUser } from '../../../../services/session'
import { openLocationSettings } from '../../../../utils/location'
import { textParam } from '../../../../utils/params'
import { tellNext } from '../../../../utils/feedback'
import { ROUTES } from '../../../../utils/routes'
import { formatTimeRange } from '../../../../utils/time'
import { Button, Input } from '../../../../ui/nutui'
import { checkInLocation } from '../../check-in-location'
import ResultCard from './ResultCard'
import { todaysSessions, type TodaysSession } from './today'
import type { CheckInResult } from '../../../../services/api/types'
import './index.scss'

const IN_WECHAT = process.env.TARO_ENV === 'weapp'
/**
 * A QR stays good QR_GRACE_SECONDS after it left the teacher's screen; one scanned longer ago (the
 * resident signed in first) is sent as kept on the phone, judged by its own time.
 */
const FRESH_SCAN_MS = QR_GRACE_SECONDS * 1000

type Phase = 'form' | 'sending' | 'done' | 'saved'

/**
 * What the page was opened with: WeChat's 扫一扫 on the check-in link passes the link, URL-encoded,
 * as `q` (and the scan's time in seconds as `scancode_time`); 首页's own scanner passes what it
 * read as `qr`. Either way the link or an older bare token; null when the page was just opened.
 */
function scanOf(params: Record<string, string | undefined>): { qr: string; scannedAt: number } | null {
  const raw = params.q ?? params.qr
  if (!raw) return null
  const at = params.q ? Number(params.scancode_time) * 1000 : Number(params.at)
  return { qr: checkInQrToken(textParam(raw)), scannedAt: Number.isFinite(at) && at > 0 ? Math.min(at, Date.now()) : Date.now() }
}

/**
 * 签到. Arrives with a scanned QR (see scanOf) or a scan that waited for the resident to sign in
 * (`resume`), and checks in at once, with no tap; otherwise the resident picks today's session and
 * types the 6-digit code the teacher reads out. With no network a scan is kept and sent later.
 */
export default function CheckInPage() {
  const { params } = useRouter()
  const user = useCurrentUser()
  const resident = user?.role === Role.Resident && user.profileBound
  // A scan arriving with the page is sent at once; the code form is read only when it is shown.
  const [phase, setPhase] = useState<Phase>(params.q || params.qr || params.resume ? 'sending' : 'form')
  const [result, setResult] = useState<CheckInResult | null>(null)
  const [refusal, setRefusal] = useState<ApiError | null>(null)
  const [chosen, setChosen] = useState<number | null>(null)
  const [code, setCode] = useState('')
  const [kept, setKept] = useState(offlineScans().length)
  const sessions = useLoader(todaysSessions, [user?.id], resident && phase === 'form')
  // A check-in waiting for the one-time answer about location, sent again once it is given.
  const [askedAbout, setAskedAbout] = useState<{ request: CheckInRequest; scannedAt: number } | null>(null)

  const send = async (request: CheckInRequest, scannedAt: number, askForLocation: boolean) => {
    setRefusal(null)
    setPhase('sending')
    const signedIn = await ensureResident(request, scannedAt)
    if (!signedIn) {
      setPhase('form')
      return
    }
    // an activity known to check the place: ask the one-time question before the phone is asked for its position
    let ask = askForLocation
    if (ask && !request.location && !locationRefused()) {
      const answer = await getLocationAnswer().catch(() => null)
      if (answer?.given === null) {
        setAskedAbout({ request, scannedAt })
        setPhase('form')
        return
      }
      if (answer?.given === false) ask = false
    }
    const stale = request.qr !== undefined && Date.now() - scannedAt > FRESH_SCAN_MS
    const body: CheckInRequest = {
      ...request,
      location: locationRefused() ? undefined : (request.location ?? (await checkInLocation(ask)) ?? undefined),
      ...(stale ? { offline: true } : {})
    }
    // Kept until the server has answered: a sign-in in between comes back to it.
    keepPending({ request: body, scannedAt })
    try {
      const done = await checkIn(body)
      clearPending()
      rememberResult(done)
      setResult(done)
      setPhase('done')
    } catch (error) {
      const failure = toApiError(error)
      if (failure.status === 401) return // the request layer is taking the resident to sign in
      if (failure.code === ProfileError.NotBound) {
        void Taro.navigateTo({ url: ROUTES.bind })
        setPhase('form')
        return
      }
      clearPending()
      if (failure.code === CheckInError.LocationConsentNeeded) {
        setAskedAbout({ request, scannedAt })
        setPhase('form')
        return
      }
      if (isNetworkError(failure) && body.qr !== undefined) {
        keepOffline({ qr: body.qr, scannedAt, location: body.location ?? null })
        setKept(offlineScans().length)
        setPhase('saved')
        return
      }
      setRefusal(failure)
      setPhase('form')
    }
  }

  useLoad(() => {
    const scan = scanOf(params)
    if (scan) {
      void send({ qr: scan.qr }, scan.scannedAt, false)
      return
    }
    const pending = params.resume ? pendingCheckIn() : null
    if (pending) void send(pending.request, pending.scannedAt, false)
    else setPhase('form')
  })

  const scanAgain = async () => {
    let content: string
    try {
      content = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result
    } catch {
      return
    }
    setResult(null)
    void send({ qr: checkInQrToken(content) }, Date.now(), false)
  }

  const picked = sessions.data?.find((s) => s.session.id === chosen) ?? (sessions.data?.length === 1 ? sessions.data[0] : undefined)
  const [codeProblem, setCodeProblem] = useState<string | null>(null)
  const submitCode = () => {
    const problem = !picked ? '请先点一下上面要签到的课程或活动。' : code.length !== CHECKIN_CODE_DIGITS ? `签到码是 ${CHECKIN_CODE_DIGITS} 位数字，请听老师念。` : null
    setCodeProblem(problem)
    if (problem || !picked) return
    const fenced = picked.offering.geofencePolicy !== GeofencePolicy.Off && picked.offering.venue !== null
    void send({ sessionId: picked.session.id, code }, Date.now(), fenced)
  }

  const allowLocation = async () => {
    if (IN_WECHAT) {
      const allowed = (await checkInLocation(true)) !== null || (await openLocationSettings())
      tellNext(allowed ? '已允许，请再扫一次。' : '还没有允许使用位置。')
    } else {
      const found = await checkInLocation(true)
      tellNext(found ? '已取得位置，请再提交一次。' : '请在浏览器设置里允许本网站使用位置。')
    }
  }

  const answerLocation = async (given: boolean) => {
    const waiting = askedAbout
    try {
      await answerLocationQuestion(given)
    } catch (error) {
      setRefusal(toApiError(error))
      return
    }
    setAskedAbout(null)
    if (waiting) void send({ ...waiting.request, location: undefined }, waiting.scannedAt, given)
  }

  const sendKept = async () => {
    const report = await flushOfflineCheckIns()
    setKept(offlineScans().length)
    if (report.checkedIn.length) {
      setResult(report.checkedIn[report.checkedIn.length - 1])
      setPhase('done')
    }
    if (report.refused.length) setRefusal(new ApiError(409, { code: ClientError.OfflineRefused, message: report.refused.join('\n') }))
  }

  if (phase === 'sending') {
    return (
      <PageShell className='checkin-page'>
        <LoadingNotice text='正在签到…' />
      </PageShell>
    )
  }

  if (phase === 'done' && result) {
    return (
      <PageShell className='checkin-page'>
        <ResultCard result={result} onChanged={setResult} />
        <View className='button-row'>
          <Button id='checkin-done' type='primary' size='large' block onClick={() => void Taro.switchTab({ url: ROUTES.home })}>
            好的
          </Button>
        </View>
      </PageShell>
    )
  }

  if (phase === 'saved') {
    return (
      <PageShell className='checkin-page'>
        <View className='card checkin-saved' id='checkin-saved'>
          <View className='checkin-saved__title'>已保存，联网后自动提交</View>
          <View>手机现在没有网络。扫到的签到码已经存在手机上，24 小时内联网后会自动提交，按您扫码的时间签到。</View>
        </View>
        <View className='button-row'>
          <Button id='checkin-done' type='primary' size='large' block onClick={() => void Taro.switchTab({ url: ROUTES.home })}>
            好的
          </Button>
        </View>
      </PageShell>
    )
  }

  const outsideVenue = refusal?.code === CheckInError.OutsideVenue
  return (
    <PageShell className='checkin-page'>
      {askedAbout ? (
        <View className='card checkin-location-ask' id='checkin-location-ask'>
          <View className='checkin-location-ask__title'>可以用您的位置吗？</View>
          <View className='checkin-location-ask__text'>
            这个活动要确认您在现场。同意后，签到时会看一次手机位置，只用来核对您是否在活动地点。
          </View>
          <View className='checkin-location-ask__text'>不同意也能签到，由老师核对后记学时。这个问题只问一次，以后可以在“我的数据”里改。</View>
          <View className='button-row'>
            <Button id='checkin-location-yes' type='primary' size='large' block onClick={() => void answerLocation(true)}>
              同意
            </Button>
          </View>
          <View className='button-row'>
            <Button id='checkin-location-no' size='large' block onClick={() => void answerLocation(false)}>
              不同意
            </Button>
          </View>
        </View>
      ) : null}
      {refusal ? (
        <View className='card checkin-refusal' id='checkin-error'>
          <View className='checkin-refusal__title'>没有签到成功</View>
          <View className='checkin-refusal__message'>{refusal.message}</View>
          {refusal.details.map((line) => (
            <View key={line}>{line}</View>
          ))}
          {outsideVenue && !locationRefused() ? (
            <View className='button-row'>
              <Button id='checkin-allow-location' type='primary' fill='outline' block onClick={() => void allowLocation()}>
                允许使用位置
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}

      {kept ? (
        <View className='card checkin-kept' id='checkin-offline'>
          <View>有 {kept} 次没有网络时扫的码还没提交，联网后会自动提交。</View>
          <View className='button-row'>
            <Button id='checkin-offline-send' fill='outline' block onClick={() => void sendKept()}>
              现在提交
            </Button>
          </View>
        </View>
      ) : null}

      {IN_WECHAT ? (
        <View className='button-row checkin-page__scan'>
          <Button id='checkin-scan' type='primary' size='xlarge' block onClick={() => void scanAgain()}>
            扫老师的二维码
          </Button>
        </View>
      ) : (
        <View className='card muted' id='checkin-camera-note'>
          用微信“扫一扫”扫老师的二维码就能签到。在这里，请输入老师念的 6 位签到码。
        </View>
      )}

      {!user ? (
        <EmptyNotice
          id='checkin-login'
          text='签到前请先登录。'
          actionText='登录'
          onAction={() => void Taro.navigateTo({ url: ROUTES.login })}
        />
      ) : user.role !== Role.Resident ? (
        <EmptyNotice id='checkin-staff' text='教师和管理员账号不能签到。居民请用自己的微信签到；没有手机的居民可以请老师代签。' />
      ) : !user.profileBound ? (
        <EmptyNotice id='checkin-bind' text='签到前请先填一次您的基本信息。' actionText='去填写' onAction={() => void Taro.navigateTo({ url: ROUTES.bind })} />
      ) : (
        <Section id='checkin-by-code' title='输入签到码' note='不能扫码时，选今天的课程或活动，再输入老师念的 6 位数字。'>
          {sessions.error ? (
            <ErrorNotice error={sessions.error} onRetry={sessions.reload} />
          ) : !sessions.data ? (
            <LoadingNotice />
          ) : sessions.data.length ? (
            <>
              <SessionChoices sessions={sessions.data} picked={picked?.session.id ?? null} onPick={setChosen} />
              <View className='card'>
                <Input
                  id='checkin-code'
                  className='checkin-page__code'
                  type='number'
                  value={code}
                  maxLength={CHECKIN_CODE_DIGITS}
                  placeholder='6 位数字'
                  onChange={(value: string) => setCode(value.replace(/\D/g, '').slice(0, CHECKIN_CODE_DIGITS))}
                />
                <View className='button-row'>
                  <Button id='checkin-submit' type='primary' size='large' block onClick={submitCode}>
                    签到
                  </Button>
                </View>
                {codeProblem ? (
                  <View className='checkin-page__problem' id='checkin-code-problem'>
                    {codeProblem}
                  </View>
                ) : null}
              </View>
            </>
          ) : (
            <EmptyNotice
              id='checkin-no-session'
              text='今天没有您报名的课程或活动。如果是现场参加，请扫老师的二维码，或请老师帮您签到。'
            />
          )}
        </Section>
      )}
    </PageShell>
  )
}

function SessionChoices({ sessions, picked, onPick }: { sessions: TodaysSession[]; picked: number | null; onPick: (id: number) => void }) {
  return (
    <View className='checkin-sessions'>
      {sessions.map(({ offering, session }) => (
        <View
          key={session.id}
          id={`checkin-session-${session.id}`}
          className={session.id === picked ? 'checkin-session checkin-session--on card' : 'checkin-session card'}
          role='radio'
          aria-checked={session.id === picked}
          onClick={() => onPick(session.id)}
        >
          <View className='checkin-session__title'>{offering.title}</View>
          <View className='muted'>
            {formatTimeRange(session.startsAt, session.endsAt)}
            {offering.venue ? ` · ${offering.venue.name}` : ''}
          </View>
        </View>
      ))}
    </View>
  )
}

/**
 * Makes sure a bound resident is signed in before sending. In WeChat signing in needs no tap;
 * elsewhere, and for the one-time profile, the scan is kept and 首页 brings the resident back.
 */
async function ensureResident(request: CheckInRequest, scannedAt: number): Promise<boolean> {
  let user = session.user()
  if (!user && IN_WECHAT) {
    try {
      user = await loginWithWechat()
    } catch {
      user = null
    }
  }
  if (user && user.role !== Role.Resident) {
    void Taro.showModal({ title: '不能签到', content: '教师和管理员账号不能签到。', showCancel: false, confirmText: '知道了' })
    return false
  }
  if (user?.profileBound) return true
  keepPending({ request, scannedAt })
  void Taro.showToast({ title: user ? '先填一次基本信息，填好后接着签到' : '请先登录，登录后接着签到', icon: 'none', duration: 2500 })
  void Taro.navigateTo({ url: user ? ROUTES.bind : ROUTES.login })
  return false
}
