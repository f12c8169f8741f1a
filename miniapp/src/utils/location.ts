import Taro from '@tarojs/taro'
import { wgs84ToGcj02, type LatLng } from './geo'

/**
 * Where the phone is, in GCJ-02, or null when the person declined or the device cannot tell.
 * Never asks twice in one run: a refusal is remembered until the app restarts.
 */
let refused = false

export async function currentPosition(): Promise<LatLng | null> {
  if (refused) return null
  try {
    if (process.env.TARO_ENV === 'h5') {
      const res = await Taro.getLocation({ type: 'wgs84' })
      return wgs84ToGcj02({ latitude: res.latitude, longitude: res.longitude })
    }
    const res = await Taro.getLocation({ type: 'gcj02' })
    return { latitude: res.latitude, longitude: res.longitude }
  } catch {
    refused = true
    return null
  }
}
