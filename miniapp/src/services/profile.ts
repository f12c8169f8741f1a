import { ProfileError } from '@lp/shared'
import type { Schema } from './api/client'
import type { ResidentProfile } from './api/types'
import { ApiError, api } from './request'

export type BindProfileRequest = Schema<'BindProfileDto'>

/** The resident's own profile, or null when it is not bound yet. */
export async function getMyProfile(): Promise<ResidentProfile | null> {
  try {
    return await api.get('/api/me/profile')
  } catch (error) {
    if (error instanceof ApiError && error.code === ProfileError.NotBound) return null
    throw error
  }
}

export function bindProfile(request: BindProfileRequest): Promise<ResidentProfile> {
  return api.put('/api/me/profile', { body: request })
}

/** 手机号快速验证 for a bound resident: WeChat's number, verified, becomes theirs. */
export function verifyPhone(code: string): Promise<ResidentProfile> {
  return api.post('/api/me/phone/verification', { body: { code } })
}
