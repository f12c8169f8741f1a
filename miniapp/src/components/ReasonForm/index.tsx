import { View } from '@tarojs/components'
import { REASON_LENGTH } from '@lp/shared'
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
  /** The most characters the server takes for this reason. */
  maxLength?: number
  onConfirm: (reason: string) => void
  /** Shows a 不取消了 button that closes the form. */
  onBack?: () => void
  backText?: string
}

/** A reason that must be given before something is undone or sent back; it is shown to the people affected. */
export default function ReasonForm(props: Props) {
  const { id, confirmId, label, hint, placeholder, confirmText, busy, maxLength = REASON_LENGTH.max, onConfirm, onBack, backText = '算了' } = props
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const confirm = () => {
    const text = reason.trim()
    if (text.length < REASON_LENGTH.min) {
      setProblem(`请写明原因，至少${REASON_LENGTH.min}个字，对方会看到。`)
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
        <TextBox id={id} value={reason} placeholder={placeholder} maxLength={maxLength} onChange={setReason} />
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
