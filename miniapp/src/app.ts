import Taro, { useDidShow, useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import './app.scss'
import { reloadCurrentUser } from './services/auth'
import { flushOfflineCheckIns } from './services/check-ins'
import { startHomeHeadStart } from './services/home-head-start'
import { session } from './services/session'
import { describeTaroChrome, labelNavigationButtons } from './utils/h5-navigation-bar'
import { fitRootFontSize } from './utils/h5-root-font'
import { listenForPrivacyRequests } from './utils/privacy'

if (process.env.TARO_ENV === 'h5') {
  fitRootFontSize()
  labelNavigationButtons()
  describeTaroChrome()
  // opened on 首页 (hash routing: no hash, or its own): its first data is asked for now, not after its code arrives
  if (/^(#\/?)?$|^#\/pages\/index\/index(\?|$)/.test(window.location.hash)) startHomeHeadStart()
}

/** Scans kept while the phone had no network go out when it is back; the resident hears how it went. */
async function sendOfflineScans(): Promise<void> {
  const { checkedIn, refused } = await flushOfflineCheckIns()
  if (refused.length) {
    void Taro.showModal({ title: '离线签到没有成功', content: refused.join('\n'), showCancel: false, confirmText: '知道了' })
  } else if (checkedIn.length) {
    void Taro.showToast({ title: `离线扫码已签到 ${checkedIn.length} 次`, icon: 'success', duration: 2500 })
  }
}

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    listenForPrivacyRequests()
    // The account may have changed on another phone (长辈模式 follows the account). Without a network
    // the user kept from the last start stands; a refused session is handled by the request layer.
    if (session.accessToken()) reloadCurrentUser().catch(() => undefined)
    Taro.onNetworkStatusChange(({ isConnected }) => {
      if (isConnected) void sendOfflineScans()
    })
    // Desktop browsers rarely report connection changes; they do say when they are back online.
    if (process.env.TARO_ENV === 'h5') window.addEventListener('online', () => void sendOfflineScans())
  })
  useDidShow(() => void sendOfflineScans())

  // children is the page being shown; every page wraps itself in PageShell.
  return children
}

export default App
