import { useState } from 'react'
import { tellDone, tellError } from '../utils/feedback'

/**
 * One action of a page at a time (同意, 入选, 答复…): `busy` while it runs, success said in a toast,
 * failure in a message that stays until read; `after` runs either way (e.g. to reload the list).
 */
export function useAction(after: () => void) {
  const [busy, setBusy] = useState(false)
  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true)
    try {
      await action()
      tellDone(done)
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
      after()
    }
  }
  return { busy, run }
}
