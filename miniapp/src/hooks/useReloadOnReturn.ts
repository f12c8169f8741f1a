import { useDidShow } from '@tarojs/taro'
import { useRef } from 'react'

/** Calls `reload` each time the page shows again (back from a form or a detail page), not on its first showing. */
export function useReloadOnReturn(reload: () => void): void {
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) reload()
    shownOnce.current = true
  })
}
