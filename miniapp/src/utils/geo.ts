import { distanceMeters, type LatLng } from '@lp/shared'

export { distanceMeters, type LatLng }

/** "约 800 米" / "约 2.4 公里". */
export function formatDistance(meters: number): string {
  if (meters < 1000) return `约 ${Math.max(10, Math.round(meters / 10) * 10)} 米`
  return `约 ${(meters / 1000).toFixed(1)} 公里`
}

/*
 * Venue coordinates are GCJ-02, the system Chinese maps and WeChat use. Browsers report
 * WGS-84, which is offset by a few hundred metres inside mainland China, so a browser
 * position is shifted with the published GCJ-02 formula before measuring.
 */
const rad = (deg: number): number => (deg * Math.PI) / 180
const GCJ_A = 6378245.0
const GCJ_EE = 0.00669342162296594323

function shiftLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0
  return r
}

function shiftLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0
  return r
}

function outsideChina({ latitude, longitude }: LatLng): boolean {
  return longitude < 72.004 || longitude > 137.8347 || latitude < 0.8293 || latitude > 55.8271
}

export function wgs84ToGcj02(point: LatLng): LatLng {
  if (outsideChina(point)) return point
  const x = point.longitude - 105.0
  const y = point.latitude - 35.0
  const radLat = rad(point.latitude)
  let magic = Math.sin(radLat)
  magic = 1 - GCJ_EE * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  const dLat = (shiftLat(x, y) * 180.0) / (((GCJ_A * (1 - GCJ_EE)) / (magic * sqrtMagic)) * Math.PI)
  const dLng = (shiftLng(x, y) * 180.0) / ((GCJ_A / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return { latitude: point.latitude + dLat, longitude: point.longitude + dLng }
}
