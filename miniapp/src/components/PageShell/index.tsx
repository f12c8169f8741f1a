import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import { useElderMode } from '../../hooks/useElderMode'
import PrivacyPopup from '../PrivacyPopup'
import './index.scss'

interface Props {
  className?: string
}

/**
 * The frame of every page: applies 长辈模式 (larger type and touch targets) to all it holds, and
 * asks for agreement to the 用户隐私保护指引 when WeChat wants it (mini program only).
 */
export default function PageShell({ className, children }: PropsWithChildren<Props>) {
  const elder = useElderMode()
  const classes = ['page-shell', elder ? 'elder' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <View className={classes}>
      {children}
      {process.env.TARO_ENV === 'weapp' ? <PrivacyPopup /> : null}
    </View>
  )
}
