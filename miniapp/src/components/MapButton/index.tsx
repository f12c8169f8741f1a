import { amapMarkerUrl, openWechatMap, type MapPlace } from '../../utils/map'
import { Button } from '../../ui/nutui'
import './index.scss'

/** 看地图: WeChat's map in the mini program; a link to Amap in a browser. */
export default function MapButton({ place }: { place: MapPlace }) {
  if (process.env.TARO_ENV === 'h5') {
    return (
      <a className='map-button map-link' href={amapMarkerUrl(place)} target='_blank' rel='noopener noreferrer'>
        看地图
      </a>
    )
  }
  return (
    <Button className='map-button' type='primary' fill='outline' size='small' onClick={() => openWechatMap(place)}>
      看地图
    </Button>
  )
}
