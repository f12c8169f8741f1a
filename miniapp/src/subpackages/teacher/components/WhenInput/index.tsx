import { View } from '@tarojs/components'
import { Picker } from '../../../../ui/rare/picker'
import { formatDay, nowLocal, toInstant } from '../../../../utils/time'
import './index.scss'

/*
 * Dates and times for the teacher's form. In a browser these are the browser's own
 * date and time inputs (the id is on the <input>, so tests can fill it); in WeChat
 * they are the phone's own pickers.
 */
const IN_BROWSER = process.env.TARO_ENV === 'h5'

interface Props {
  id: string
  /** What the field is, for screen readers (the page's own words beside it are not tied to it). */
  label: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
}

const dayText = (date: string): string => formatDay(toInstant(date, '12:00'))

export function DateInput({ id, label, value, onChange, placeholder = '选日期' }: Props) {
  if (IN_BROWSER) {
    return <input id={id} aria-label={label} className='when-input when-input--native' type='date' value={value} onChange={(event) => onChange(event.target.value)} />
  }
  return (
    <Picker mode='date' value={value || nowLocal().date} onChange={(event) => onChange(String(event.detail.value))}>
      <View id={id} className={value ? 'when-input' : 'when-input when-input--empty'}>
        {value ? dayText(value) : placeholder}
      </View>
    </Picker>
  )
}

export function TimeInput({ id, label, value, onChange, placeholder = '选时间' }: Props) {
  if (IN_BROWSER) {
    return <input id={id} aria-label={label} className='when-input when-input--native' type='time' value={value} onChange={(event) => onChange(event.target.value)} />
  }
  return (
    <Picker mode='time' value={value || '09:00'} onChange={(event) => onChange(String(event.detail.value))}>
      <View id={id} className={value ? 'when-input' : 'when-input when-input--empty'}>
        {value || placeholder}
      </View>
    </Picker>
  )
}

/** A day and a time together, held as "YYYY-MM-DDTHH:mm"; '' means "use the default". */
export function StampInput({ id, label, value, onChange, placeholder = '不选就用默认' }: Props) {
  if (IN_BROWSER) {
    return (
      <input
        id={id}
        aria-label={label}
        className='when-input when-input--native'
        type='datetime-local'
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    )
  }
  const date = value.slice(0, 10)
  const time = value.slice(11, 16)
  return (
    <View className='when-stamp' id={id}>
      <DateInput id={`${id}-date`} label={`${label}的日期`} value={date} placeholder={placeholder} onChange={(d) => onChange(`${d}T${time || '09:00'}`)} />
      {date ? <TimeInput id={`${id}-time`} label={`${label}的时间`} value={time} onChange={(t) => onChange(`${date}T${t}`)} /> : null}
      {value ? (
        <View role='button' className='when-stamp__clear' id={`${id}-clear`} onClick={() => onChange('')}>
          用默认
        </View>
      ) : null}
    </View>
  )
}
