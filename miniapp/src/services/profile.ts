import { ProfileError, type BindProfileRequest, type ResidentProfile } from '@lp/shared'
import { ApiError, api } from './request'

/** The resident's own profile, or null when it is not bound yet. */
export async function getMyProfile(): Promise<ResidentProfile | null> {
  try {
    return await api.get<ResidentProfile>('/api/me/profile')
  } catch (error) {
    if (error instanceof ApiError && error.code === ProfileError.NotBound) return null
    throw error
  }
}

export function bindProfile(request: BindProfileRequest): Promise<ResidentProfile> {
  return api.put<ResidentProfile>('/api/me/profile', request)
}
