import Taro from '@tarojs/taro'
import { useSyncExternalStore } from 'react'
import { api } from '../services/request'
import { session } from '../services/session'

/**
 * 长辈模式: larger type and touch targets on every page. It belongs to the account: the server keeps
 * the resident's choice and, until they make one, turns it on from 60. This phone keeps the last
 * answer only for the moments when no one is signed in (the login page).
 */
const CACHE_KEY = 'lp.elderMode'

let cached = Taro.getStorageSync(CACHE_KEY) === true
const listeners = new Set<() => void>()

function elderNow(): boolean {
  const user = session.user()
  return user ? user.elderMode === true : cached
}

session.subscribe(() => {
  const user = session.user()
  if (!user || user.elderMode === cached) return
  cached = user.elderMode
  Taro.setStorageSync(CACHE_KEY, cached)
})

/** Turns 长辈模式 on or off at once and records it with the account; on failure the page goes back and the error is thrown. */
export async function setElderMode(next: boolean): Promise<void> {
  const before = session.user()
  if (!before) {
    cached = next
    Taro.setStorageSync(CACHE_KEY, next)
    listeners.forEach((notify) => notify())
    return
  }
  session.setUser({ ...before, elderMode: next })
  try {
    session.setUser(await api.put('/api/me/elder-mode', { body: { on: next } }))
  } catch (error) {
    session.setUser(before)
    throw error
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  const leaveSession = session.subscribe(listener)
  return () => {
    listeners.delete(listener)
    leaveSession()
  }
}

export function useElderMode(): boolean {
  return useSyncExternalStore(subscribe, elderNow, elderNow)
}
