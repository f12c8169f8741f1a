import { View } from '@tarojs/components'
import { useState } from 'react'
import FormField from '../FormField'
import TextBox from '../TextBox'
import { Button } from '../../ui/nutui'

interface Props {
  /** The text box gets this id; the buttons `<id>-confirm` and `<id>-back` unless given. */
  id: string
  confirmId?: string
  label: string
  hint?: string
  placeholder: string
  confirmText: string
  busy: boolean
  onConfirm: (reason: string) => void
  /** Shows a 不取消了 button that closes the form. */
  onBack?: () => void
  backText?: string
}

export const REASON_MAX = 200

/** A reason that must be given before something is undone or sent back; it is shown to the people affected. */
export default function ReasonForm({ id, confirmId, label, hint, placeholder, confirmText, busy, onConfirm, onBack, backText = '算了' }: Props) {
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const confirm = () => {
    const text = reason.trim()
    if (text.length < 2) {
      setProblem('请写明原因，至少两个字，对方会看到。')
      return
    }
    if (/[<>]/.test(text)) {
      setProblem('原因里不能有尖括号（< 和 >）。')
      return
    }
    setProblem(null)
    onConfirm(text)
  }
  return (
    <View className='reason-form'>
      <FormField label={label} hint={hint} error={problem}>
        <TextBox id={id} value={reason} placeholder={placeholder} maxLength={REASON_MAX} onChange={setReason} />
      </FormField>
      <Button id={confirmId ?? `${id}-confirm`} type='danger' fill='outline' size='large' block loading={busy} onClick={confirm}>
        {confirmText}
      </Button>
      {onBack ? (
        <View className='button-row'>
          <Button id={`${id}-back`} size='large' block disabled={busy} onClick={onBack}>
            {backText}
          </Button>
        </View>
      ) : null}
    </View>
  )
}
