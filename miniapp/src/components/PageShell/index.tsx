import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { useEffect } from 'react'
import { useElderMode } from '../../hooks/useElderMode'
import { systemFontScale } from '../../utils/system-font'
import ActingBanner from '../ActingBanner'
import PrivacyPopup from '../PrivacyPopup'
import './index.scss'

interface Props {
  className?: string
}

/** The H5 bars Taro draws (title, tabs) sit outside every page: the root element carries the mode for them. */
function markDocument(elder: boolean): void {
  if (process.env.TARO_ENV !== 'h5') return
  const root = document.documentElement
  root.classList.toggle('lp-elder', elder)
  root.style.setProperty('--lp-font-scale', String(systemFontScale))
}

/**
 * The frame of every page: applies 长辈模式 (larger type and touch targets) to all it holds, and the
 * person's own WeChat font size on top of it; asks for agreement to the 用户隐私保护指引 when WeChat
 * wants it (mini program only). While a guardian acts for a child, a banner on top says so.
 */
export default function PageShell({ className, children }: PropsWithChildren<Props>) {
  const elder = useElderMode()
  useEffect(() => markDocument(elder), [elder])
  const classes = ['page-shell', elder ? 'elder' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <View className={classes} style={`--lp-font-scale: ${systemFontScale}`}>
      <ActingBanner />
      {children}
      {process.env.TARO_ENV === 'weapp' ? <PrivacyPopup /> : null}
    </View>
  )
}
