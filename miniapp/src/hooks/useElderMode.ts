import Taro from '@tarojs/taro'
import { useSyncExternalStore } from 'react'

/** 长辈模式: larger type and touch targets on every page, remembered on this phone. */
const STORAGE_KEY = 'lp.elderMode'

let enabled = Taro.getStorageSync(STORAGE_KEY) === true
const listeners = new Set<() => void>()

export function setElderMode(next: boolean): void {
  enabled = next
  Taro.setStorageSync(STORAGE_KEY, next)
  listeners.forEach((notify) => notify())
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

const snapshot = (): boolean => enabled

export function useElderMode(): boolean {
  return useSyncExternalStore(subscribe, snapshot, snapshot)
}
