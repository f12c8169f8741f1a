import Taro from '@tarojs/taro'
import { useState } from 'react'
import { tellDone, tellError } from '../utils/feedback'

/**
 * An admin's decision on a page (approve, reject, return…): one at a time, the button of the
 * one in flight spins, success says so and goes back, failure says why and reloads the page.
 */
export function useDecision<K extends string>(reload: () => void) {
  const [busy, setBusy] = useState<K | null>(null)
  const decide = async (which: K, action: () => Promise<unknown>, done: string) => {
    setBusy(which)
    try {
      await action()
      tellDone(done)
      void Taro.navigateBack()
    } catch (error) {
      tellError(error)
      reload()
    } finally {
      setBusy(null)
    }
  }
  return { busy, decide }
}
