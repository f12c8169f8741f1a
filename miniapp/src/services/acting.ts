import Taro from '@tarojs/taro'
import { useSyncExternalStore } from 'react'

/**
 * The child a guardian is acting for (我的孩子 → 为TA操作), kept in Taro storage so a restart keeps it.
 * While one is set, every request names the child (header X-Acting-For) and the server runs it as
 * the child, after checking the child is this guardian's; a banner on every page says so.
 */
export interface ActingChild {
  id: string
  name: string
}

const STORAGE_KEY = 'lp.acting'

function load(): ActingChild | null {
  const raw: unknown = Taro.getStorageSync(STORAGE_KEY)
  if (typeof raw !== 'object' || raw === null) return null
  const id: unknown = Reflect.get(raw, 'id')
  const name: unknown = Reflect.get(raw, 'name')
  return typeof id === 'string' && typeof name === 'string' ? { id, name } : null
}

let current: ActingChild | null = load()
const listeners = new Set<() => void>()

export const acting = {
  child: (): ActingChild | null => current,

  start(child: ActingChild): void {
    current = child
    Taro.setStorageSync(STORAGE_KEY, child)
    listeners.forEach((notify) => notify())
  },

  stop(): void {
    current = null
    Taro.removeStorageSync(STORAGE_KEY)
    listeners.forEach((notify) => notify())
  },

  subscribe(listener: () => void): () => void {
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }
}

/** The child being acted for, or null; re-renders when the guardian switches. */
export function useActingChild(): ActingChild | null {
  return useSyncExternalStore(acting.subscribe, acting.child, acting.child)
}
