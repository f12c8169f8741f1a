import { View } from '@tarojs/components'
import { Map as WechatMap } from '../../../../ui/rare/map'
import { useEffect, useRef, useState } from 'react'
import './index.scss'

interface Props {
  id: string
  /** What is typed in the form now; a point is shown when both are numbers. */
  latitude: string
  longitude: string
  /** A tap on the map: the point, to six decimals (about 0.1 m). */
  onPick: (latitude: string, longitude: string) => void
}

const fixed = (n: number) => n.toFixed(6)

/**
 * Leaflet and its style sheet, loaded when the map is shown (Leaflet touches window when loaded).
 * The condition is a build-time constant: webpack drops the other branch, so the mini program's
 * build carries none of Leaflet.
 */
const loadLeaflet =
  process.env.TARO_ENV === 'h5' ? async () => (await Promise.all([import('leaflet'), import('leaflet/dist/leaflet.css')]))[0] : null

function pointOf(latitude: string, longitude: string): [number, number] | null {
  const lat = Number(latitude)
  const lng = Number(longitude)
  return latitude.trim() && longitude.trim() && Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? [lat, lng] : null
}

/** Whether one tile of the map loads within a few seconds: on a closed network it does not, and the form keeps typed coordinates only. */
function tilesReachable(template: string): Promise<boolean> {
  return new Promise((done) => {
    const image = new Image()
    const timer = setTimeout(() => done(false), 4000)
    image.onload = () => {
      clearTimeout(timer)
      done(true)
    }
    image.onerror = () => {
      clearTimeout(timer)
      done(false)
    }
    image.src = template.replace('{s}', '1').replace('{z}', '4').replace('{x}', '13').replace('{y}', '6')
  })
}

/** H5: a Leaflet map on the configured tiles; a click puts the venue there. */
function BrowserMap({ id, latitude, longitude, onPick }: Props) {
  const box = useRef<HTMLDivElement | null>(null)
  const [state, setState] = useState<'probing' | 'shown' | 'unreachable'>('probing')
  const pick = useRef(onPick)
  pick.current = onPick
  const place = useRef<((point: [number, number]) => void) | null>(null)

  useEffect(() => {
    let closed = false
    let teardown = () => {}
    void (async () => {
      if (!MAP_TILES || !(await tilesReachable(MAP_TILES)) || closed || !box.current) {
        if (!closed) setState('unreachable')
        return
      }
      if (!loadLeaflet) return
      const L = await loadLeaflet()
      if (closed || !box.current) return
      const start = pointOf(latitude, longitude)
      const map = L.map(box.current, { attributionControl: true }).setView(start ?? [35, 105], start ? 16 : 4)
      map.attributionControl.setPrefix('Leaflet')
      L.tileLayer(MAP_TILES, { subdomains: '1234', maxZoom: 18, attribution: '地图 © 高德' }).addTo(map)
      const marker = L.marker(start ?? [35, 105], {
        icon: L.divIcon({ className: 'map-picker__pin', iconSize: [28, 28], iconAnchor: [14, 28] }),
        keyboard: false
      })
      if (start) marker.addTo(map)
      place.current = (point) => {
        marker.setLatLng(point)
        if (!map.hasLayer(marker)) marker.addTo(map)
      }
      map.on('click', (e: { latlng: { lat: number; lng: number } }) => {
        place.current?.([e.latlng.lat, e.latlng.lng])
        pick.current(fixed(e.latlng.lat), fixed(e.latlng.lng))
      })
      teardown = () => map.remove()
      setState('shown')
    })()
    return () => {
      closed = true
      teardown()
    }
    // the map is made once; typed coordinates move the pin below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    const point = pointOf(latitude, longitude)
    if (point) place.current?.(point)
  }, [latitude, longitude])

  return (
    <View className='map-picker' id={id} data-state={state}>
      {state === 'unreachable' ? (
        <View className='muted'>地图现在打不开，请直接填写纬度和经度。</View>
      ) : (
        <View className='muted'>在地图上点一下场地所在的位置，纬度和经度会自动填好。</View>
      )}
      <div ref={box} className={state === 'unreachable' ? 'map-picker__map map-picker__map--off' : 'map-picker__map'} />
    </View>
  )
}

/** The mini program: WeChat's own map (GCJ-02); a tap puts the venue there. */
function PhoneMap({ id, latitude, longitude, onPick }: Props) {
  const point = pointOf(latitude, longitude)
  return (
    <View className='map-picker' id={id}>
      <View className='muted'>把地图移到场地，在它的位置上点一下，纬度和经度会自动填好。</View>
      <WechatMap
        className='map-picker__map'
        latitude={point?.[0] ?? 35}
        longitude={point?.[1] ?? 105}
        scale={point ? 16 : 4}
        onTap={(e) => {
          const { latitude: lat, longitude: lng } = e.detail as unknown as { latitude: number; longitude: number }
          if (Number.isFinite(lat) && Number.isFinite(lng)) onPick(fixed(lat), fixed(lng))
        }}
        // a map that fails to draw leaves the typed coordinates, which always work
        onError={() => undefined}
      />
    </View>
  )
}

/** A map to pick a venue's coordinates, beside the typed ones, which always work. */
export default function MapPicker(props: Props) {
  return process.env.TARO_ENV === 'h5' ? <BrowserMap {...props} /> : <PhoneMap {...props} />
}
