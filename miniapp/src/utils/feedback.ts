import Taro from '@tarojs/taro'
import { toApiError } from '../services/request'

/** The server's message and its details, one per line. */
export function errorText(error: unknown): string {
  const apiError = toApiError(error)
  return [apiError.message, ...apiError.details].join('\n')
}

/** A message that stays until the person taps 知道了 — toasts vanish too fast for many readers. */
export function tellError(error: unknown): void {
  void Taro.showModal({
    title: '没有成功',
    content: errorText(error),
    showCancel: false,
    confirmText: '知道了'
  })
}

/**
 * What to do next, in a message that stays until it is read: an instruction must never vanish on a
 * timer before a slow reader has acted on it (适老化: no step that depends on a countdown).
 */
export function tellNext(text: string): void {
  void Taro.showModal({ title: '请注意', content: text, showCancel: false, confirmText: '知道了' })
}

export function tellDone(text: string): void {
  void Taro.showToast({ title: text, icon: 'success', duration: 2000 })
}
