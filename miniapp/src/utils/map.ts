import Taro from '@tarojs/taro'

/** Anything with a name and coordinates that can be pinned on a map: a venue, a place in the 学习圈. */
export interface MapPlace {
  name: string
  address: string | null
  latitude: number
  longitude: number
}

/** Amap's public marker page: opens in any browser, and in the Amap app when it is installed. */
export function amapMarkerUrl(place: MapPlace): string {
  return `https://uri.amap.com/marker?position=${place.longitude},${place.latitude}&name=${encodeURIComponent(place.name)}`
}

/** WeChat's own map with the place pinned, from where the person can ask for directions. */
export function openWechatMap(place: MapPlace): void {
  void Taro.openLocation({
    latitude: place.latitude,
    longitude: place.longitude,
    name: place.name,
    address: place.address ?? '',
    scale: 16
  })
}
