import Taro from '@tarojs/taro'
import { useSyncExternalStore } from 'react'
import type { CurrentUser, TokenPair } from './api/types'

/**
 * The signed-in session: both tokens and who they belong to, kept in Taro storage
 * so that a restart of the mini program stays signed in.
 */
interface StoredSession {
  accessToken: string
  refreshToken: string
  user: CurrentUser
}

const STORAGE_KEY = 'lp.session'

function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== 'object' || value === null) return false
  const user: unknown = Reflect.get(value, 'user')
  return (
    typeof Reflect.get(value, 'accessToken') === 'string' &&
    typeof Reflect.get(value, 'refreshToken') === 'string' &&
    typeof user === 'object' &&
    user !== null
  )
}

function load(): StoredSession | null {
  const raw: unknown = Taro.getStorageSync(STORAGE_KEY)
  return isStoredSession(raw) ? raw : null
}

let current: StoredSession | null = load()
const listeners = new Set<() => void>()

function save(next: StoredSession | null): void {
  current = next
  if (next) Taro.setStorageSync(STORAGE_KEY, next)
  else Taro.removeStorageSync(STORAGE_KEY)
  listeners.forEach((notify) => notify())
}

export const session = {
  accessToken: (): string | null => current?.accessToken ?? null,
  refreshToken: (): string | null => current?.refreshToken ?? null,
  user: (): CurrentUser | null => current?.user ?? null,

  /** After any login or refresh: refresh tokens rotate, so the new pair replaces the old one. */
  signIn(pair: TokenPair): void {
    save({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, user: pair.user })
  },

  setUser(user: CurrentUser): void {
    if (current) save({ ...current, user })
  },

  clear(): void {
    save(null)
  },

  subscribe(listener: () => void): () => void {
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }
}

/** The signed-in user, or null; re-renders when someone signs in or out. */
export function useCurrentUser(): CurrentUser | null {
  return useSyncExternalStore(session.subscribe, session.user, session.user)
}
