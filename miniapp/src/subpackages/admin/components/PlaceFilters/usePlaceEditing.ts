import { useState } from 'react'
import { tellDone, tellError } from '../../../../utils/feedback'

/**
 * The open form of a master-data page (null when closed) and a way to save: on success the
 * form closes, the list reloads and the person is told; on failure the server's words are shown.
 */
export function usePlaceEditing<F>(reload: () => void) {
  const [form, setForm] = useState<F | null>(null)
  const [busy, setBusy] = useState(false)
  const save = async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(true)
    try {
      await work()
      tellDone(done)
      setForm(null)
      reload()
      return true
    } catch (error) {
      tellError(error)
      return false
    } finally {
      setBusy(false)
    }
  }
  return { form, setForm, busy, save }
}
