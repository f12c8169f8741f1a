import Taro from '@tarojs/taro'
import { wgs84ToGcj02, type LatLng } from './geo'
import { privacyProblem, tellPrivacyProblem } from './privacy'

/**
 * Where the phone is, in GCJ-02, or null when the person declined or the device cannot tell.
 * A refusal is remembered until the app restarts, so pages do not keep asking; a page where
 * the person taps "use my location" on purpose passes `askAgain`.
 */
let refused = false
/** WeChat's refusal when it came from the privacy rules: the settings page cannot undo that. */
let privacyRefusal: unknown = null

/** Remembers why the phone gave no position (every place that asks for one reports here). */
export function noteLocationFailure(error: unknown): void {
  privacyRefusal = privacyProblem(error) ? error : null
}

/** A permission prompt left unanswered must not keep a page waiting. */
const ANSWER_WITHIN_MS = 10_000
/** Going from 首页 to the list and the 学习圈 in a minute does not ask the phone three times. */
const REUSE_FOR_MS = 60_000
let last: { position: LatLng; at: number } | null = null

export function currentPosition(askAgain = false): Promise<LatLng | null> {
  if (refused && !askAgain) return Promise.resolve(null)
  if (last && Date.now() - last.at < REUSE_FOR_MS) return Promise.resolve(last.position)
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ANSWER_WITHIN_MS)
    void locate().then((found) => {
      clearTimeout(timer)
      if (found) last = { position: found, at: Date.now() }
      resolve(found)
    })
  })
}

async function locate(): Promise<LatLng | null> {
  try {
    if (process.env.TARO_ENV === 'h5') {
      const res = await Taro.getLocation({ type: 'wgs84' })
      refused = false
      return wgs84ToGcj02({ latitude: res.latitude, longitude: res.longitude })
    }
    const res = await Taro.getLocation({ type: 'gcj02' })
    refused = false
    return { latitude: res.latitude, longitude: res.longitude }
  } catch (error) {
    refused = true
    noteLocationFailure(error)
    return null
  }
}

/** When the last refusal came from WeChat's privacy rules, says so and returns true. */
export function explainPrivacyRefusal(): boolean {
  return privacyRefusal !== null && tellPrivacyProblem(privacyRefusal)
}

/**
 * Mini program only: once refused, WeChat does not ask again by itself, so the person is
 * taken to the settings page to switch location on. Resolves to whether it is now allowed.
 */
export async function openLocationSettings(): Promise<boolean> {
  if (explainPrivacyRefusal()) return false
  try {
    const { authSetting } = await Taro.openSetting()
    return authSetting['scope.userLocation'] === true
  } catch {
    return false
  }
}
