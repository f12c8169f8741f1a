import { useRef, useState } from 'react'
import { type ApiError, toApiError } from '../services/request'

interface SubmitOptions {
  /** The page is left when it works (a reLaunch, a switchTab): the button keeps turning until it goes. */
  leaving?: boolean
  /** Runs with the refusal as it is kept, e.g. to clear a field the server would not take. */
  refused?: (problem: ApiError) => void
}

/**
 * One form's 提交 whose refusal stays on the form (不是一闪而过的提示): `sending` while it runs, a second
 * tap meanwhile does nothing, and what the server said (in Chinese) is kept in `problem` for the
 * page to show until the next try or until `forget()`. `submit` resolves to whether it worked.
 */
export function useSubmit() {
  const [sending, setSending] = useState(false)
  const [problem, setProblem] = useState<ApiError | null>(null)
  // state only changes on the next render: a quick second tap would still read `sending` as false
  const running = useRef(false)
  const submit = async (action: () => Promise<unknown>, options: SubmitOptions = {}): Promise<boolean> => {
    if (running.current) return false
    running.current = true
    setSending(true)
    setProblem(null)
    let worked = false
    try {
      await action()
      worked = true
    } catch (error) {
      const refusal = toApiError(error)
      setProblem(refusal)
      options.refused?.(refusal)
    } finally {
      if (!worked || !options.leaving) {
        running.current = false
        setSending(false)
      }
    }
    return worked
  }
  return { sending, problem, submit, forget: () => setProblem(null) }
}
