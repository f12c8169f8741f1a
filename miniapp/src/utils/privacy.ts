import { type ApiError as ApiErrorBody, ClientError } from '@lp/shared'
import Taro from '@tarojs/taro'
import { useSyncExternalStore } from 'react'

/**
 * WeChat's privacy rules: since October 2023 a privacy-related API (location, choosing images or
 * files, the clipboard, the phone number) waits until the user has agreed to the program's
 * 用户隐私保护指引. WeChat then calls onNeedPrivacyAuthorization, and the page shell shows our own
 * popup (PrivacyPopup) until the person agrees or declines.
 */

/** The id of the popup's agree button: WeChat checks that this very button was tapped. */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree'

type Resolve = (option: Taro.onNeedPrivacyAuthorization.ResolveOption) => void

let pending: Resolve | null = null
const listeners = new Set<() => void>()
const notify = () => listeners.forEach((listener) => listener())

/** Mini program only, once at launch. H5 has no such rule and never shows the popup. */
export function listenForPrivacyRequests(): void {
  if (process.env.TARO_ENV !== 'weapp' || !Taro.canIUse('onNeedPrivacyAuthorization')) return
  Taro.onNeedPrivacyAuthorization((resolve) => {
    // WeChat holds one call at a time; a newer request replaces one left unanswered
    pending?.({ event: 'disagree' })
    pending = resolve
    resolve({ event: 'exposureAuthorization' })
    notify()
  })
}

/** The person's answer: the privacy-related call that waited goes on, or fails with errno 104. */
export function answerPrivacyRequest(agreed: boolean): void {
  pending?.(agreed ? { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID } : { event: 'disagree' })
  pending = null
  notify()
}

/** Whether WeChat is waiting for the person to agree. */
export function usePrivacyRequest(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    () => pending !== null,
    () => false
  )
}

/** The full 用户隐私保护指引 as filled in on the 小程序管理后台, shown by WeChat. */
export function openPrivacyText(): void {
  if (process.env.TARO_ENV === 'weapp') Taro.openPrivacyContract({})
}

const NOT_AGREED = '您还没有同意《用户隐私保护指引》，这项功能暂时用不了。再点一次，选“同意”就可以用了。'
const NOT_DECLARED = '小程序的隐私保护指引里还没有写上这项功能，暂时用不了。请告诉社区工作人员。'

/**
 * The one place WeChat's refusals of a privacy-related API become Chinese, or null for any other
 * failure. errno 112: the 用户隐私保护指引 does not name the API; errno 104 (or any "privacy" in
 * errMsg): the person has not agreed, or declined. toApiError uses it, so location, choosing
 * images and files, the clipboard and the phone number all read the same words.
 */
export function privacyProblem(error: unknown): ApiErrorBody | null {
  const errno = Number(Reflect.get(Object(error), 'errno'))
  const errMsg = String(Reflect.get(Object(error), 'errMsg') ?? '')
  if (errno === 112 || /not declared in the privacy/i.test(errMsg)) return { code: ClientError.PrivacyNotDeclared, message: NOT_DECLARED }
  if (errno === 104 || /privacy/i.test(errMsg)) return { code: ClientError.PrivacyNotAgreed, message: NOT_AGREED }
  return null
}

/** Shows WeChat's privacy refusal in a dialog; false (and nothing shown) for any other failure. */
export function tellPrivacyProblem(error: unknown): boolean {
  const problem = privacyProblem(error)
  if (problem) void Taro.showModal({ title: '需要您同意', content: problem.message, showCancel: false, confirmText: '知道了' })
  return problem !== null
}

/** Copies text to the clipboard; says so, or says why not. */
export async function copyText(data: string): Promise<void> {
  try {
    await Taro.setClipboardData({ data })
  } catch (error) {
    if (!tellPrivacyProblem(error)) void Taro.showToast({ title: '没有复制成功，请再试一次', icon: 'none' })
  }
}
