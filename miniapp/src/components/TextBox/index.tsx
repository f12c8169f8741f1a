import { Textarea } from '../../ui/rare/textarea'
import './index.scss'

interface Props {
  id: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  maxLength: number
  /** Taller for an introduction, shorter for a reason. */
  tall?: boolean
}

/** Several lines of plain text. In H5 the id is on a wrapper around the real <textarea>. */
export default function TextBox({ id, value, onChange, placeholder, maxLength, tall = false }: Props) {
  return (
    <Textarea
      id={id}
      className={tall ? 'text-box text-box--tall' : 'text-box'}
      value={value}
      placeholder={placeholder}
      maxlength={maxLength}
      onInput={(event) => onChange(event.detail.value)}
    />
  )
}
