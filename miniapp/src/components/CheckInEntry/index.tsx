import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROUTES, openPage } from '../../utils/routes'
import { withQuery } from '../../utils/url'
import './index.scss'

const IN_WECHAT = process.env.TARO_ENV === 'weapp'

/**
 * 扫码签到 on 首页. In WeChat the camera opens at once (never the album: a screenshot of the
 * code must not count); what was scanned goes to the check-in page. In a browser, and for
 * phones that cannot scan, the same page takes the 6-digit code the teacher reads out.
 */
export default function CheckInEntry() {
  const scan = async () => {
    if (!IN_WECHAT) {
      openPage(ROUTES.learnCheckIn)
      return
    }
    let content: string
    try {
      content = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result
    } catch {
      // The resident closed the camera.
      return
    }
    openPage(withQuery(ROUTES.learnCheckIn, { qr: content, at: Date.now() }))
  }

  return (
    <View className='checkin-entry card'>
      <View role='button' className='checkin-entry__main' id='home-checkin' onClick={() => void scan()}>
        <View className='checkin-entry__title'>扫码签到</View>
        <View className='checkin-entry__note'>{IN_WECHAT ? '到了上课地点，扫老师出示的二维码' : '到了上课地点，输入老师念的签到码'}</View>
      </View>
      {IN_WECHAT ? (
        <View role='button' className='checkin-entry__code' id='home-checkin-code' onClick={() => openPage(ROUTES.learnCheckIn)}>
          不能扫码？输入签到码 ›
        </View>
      ) : null}
    </View>
  )
}
