import Taro from '@tarojs/taro'
import type { VenueSummary } from '@lp/shared'

/** Amap's public marker page: opens in any browser, and in the Amap app when it is installed. */
export function amapMarkerUrl(venue: VenueSummary): string {
  return `https://uri.amap.com/marker?position=${venue.longitude},${venue.latitude}&name=${encodeURIComponent(venue.name)}`
}

/** WeChat's own map with the venue pinned, from where the person can ask for directions. */
export function openWechatMap(venue: VenueSummary): void {
  void Taro.openLocation({
    latitude: venue.latitude,
    longitude: venue.longitude,
    name: venue.name,
    address: venue.address,
    scale: 16
  })
}
