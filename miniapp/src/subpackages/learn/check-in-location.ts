import Taro from '@tarojs/taro'
import type { GeoPoint } from '../../services/check-ins'
import { wgs84ToGcj02 } from '../../utils/geo'
import { noteLocationFailure } from '../../utils/location'

/**
 * Where the phone is, for an activity that checks the resident is at the venue. The server
 * decides what the position (or its absence) means; this only asks the phone.
 *
 * `ask` false: never interrupts a scan with a permission prompt — in WeChat the position is
 * read only if the resident has already allowed it, in a browser not at all. `ask` true: the
 * activity is known to use a geofence, so the phone may ask.
 */
export async function checkInLocation(ask: boolean): Promise<GeoPoint | null> {
  if (!ask) {
    if (process.env.TARO_ENV === 'h5') return null
    try {
      const { authSetting } = await Taro.getSetting()
      if (authSetting['scope.userLocation'] !== true) return null
    } catch {
      return null
    }
  }
  return withinTime(locate(), ask ? ANSWER_WITHIN_MS : ALLOWED_WITHIN_MS)
}

/** A prompt the person has to read gets longer than a phone that is only measuring. */
const ANSWER_WITHIN_MS = 10_000
const ALLOWED_WITHIN_MS = 4_000

function withinTime(found: Promise<GeoPoint | null>, ms: number): Promise<GeoPoint | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms)
    void found.then((point) => {
      clearTimeout(timer)
      resolve(point)
    })
  })
}

async function locate(): Promise<GeoPoint | null> {
  try {
    if (process.env.TARO_ENV === 'h5') {
      const res = await Taro.getLocation({ type: 'wgs84' })
      return { ...wgs84ToGcj02({ latitude: res.latitude, longitude: res.longitude }), accuracy: res.accuracy }
    }
    const res = await Taro.getLocation({ type: 'gcj02', isHighAccuracy: true, highAccuracyExpireTime: 3000 })
    return { latitude: res.latitude, longitude: res.longitude, accuracy: res.accuracy }
  } catch (error) {
    noteLocationFailure(error)
    return null
  }
}
