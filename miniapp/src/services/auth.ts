import Taro from '@tarojs/taro'
import { AuthError, ClientError } from '@lp/shared'
import type { CurrentUser, DemoAccount, TokenPair } from './api/types'
import { ApiError, api } from './request'
import { session } from './session'
import { acting } from './acting'

/** WeChat's own `wx.login`, in the shape both the mini program and a hosting WeChat page give it. */
interface WechatLogin {
  login(options: { success(result: { code?: string }): void; fail(error: unknown): void }): void
}

/**
 * The H5 app opened inside a host that speaks for WeChat (a page with WeChat's `wx.login`, e.g. the
 * H5 app in a mini program's web-view bridge) logs in the same way as the mini program; a plain
 * browser has no such host, and residents are sent to the mini program instead.
 */
function hostWechat(): WechatLogin | null {
  if (process.env.TARO_ENV !== 'h5') return null
  const wx: unknown = Reflect.get(globalThis, 'wx')
  return typeof wx === 'object' && wx !== null && typeof Reflect.get(wx, 'login') === 'function' ? (wx as WechatLogin) : null
}

/** Whether 微信一键登录 can be offered here. */
export function canLoginWithWechat(): boolean {
  return process.env.TARO_ENV === 'weapp' || hostWechat() !== null
}

function codeFromHost(host: WechatLogin): Promise<{ code?: string }> {
  return new Promise((resolve, reject) => host.login({ success: resolve, fail: reject }))
}

/** A one-time code from WeChat, for the server to exchange with jscode2session. */
async function wechatCode(): Promise<string> {
  try {
    const host = hostWechat()
    const { code } = host ? await codeFromHost(host) : await Taro.login()
    if (code) return code
  } catch {
    // Falls through to the message below: WeChat gave no code.
  }
  throw new ApiError(0, { code: ClientError.WechatLoginFailed, message: '微信登录没有成功，请稍后再试。' })
}

function start(pair: TokenPair): CurrentUser {
  session.signIn(pair)
  return pair.user
}

export async function loginWithWechat(): Promise<CurrentUser> {
  const code = await wechatCode()
  return start(await api.post('/api/auth/wechat/login', { body: { code }, auth: false }))
}

export async function loginWithPassword(username: string, password: string): Promise<CurrentUser> {
  return start(await api.post('/api/auth/password/login', { body: { username, password }, auth: false }))
}

/** The demo accounts, or null when the demo is switched off on the server. */
export async function listDemoAccounts(): Promise<DemoAccount[] | null> {
  try {
    return await api.get('/api/auth/demo/accounts', { auth: false })
  } catch (error) {
    if (error instanceof ApiError && (error.code === AuthError.DemoDisabled || error.status === 404)) return null
    throw error
  }
}

export async function loginAsDemo(userId: string): Promise<CurrentUser> {
  return start(await api.post('/api/auth/demo/login', { body: { userId }, auth: false }))
}

/** Signs out here even when the server cannot be reached: the person asked to leave. */
export async function logout(): Promise<void> {
  const refreshToken = session.refreshToken()
  session.clear()
  acting.stop()
  if (!refreshToken) return
  await api.post('/api/auth/logout', { body: { refreshToken }, auth: false })
}

/** Teachers and admins: lets this WeChat account sign in to their account from now on. */
export async function linkWechat(): Promise<CurrentUser> {
  const code = await wechatCode()
  const user = await api.post('/api/auth/wechat/link', { body: { code } })
  session.setUser(user)
  return user
}

/** Teachers and admins pick a new password; the answer is a new login (every older session has ended). */
export async function changePassword(currentPassword: string, newPassword: string): Promise<CurrentUser> {
  return start(await api.post('/api/auth/password/change', { body: { currentPassword, newPassword } }))
}

/** Re-reads who is signed in (e.g. after binding the profile). */
export async function reloadCurrentUser(): Promise<CurrentUser> {
  const user = await api.get('/api/me')
  session.setUser(user)
  return user
}
