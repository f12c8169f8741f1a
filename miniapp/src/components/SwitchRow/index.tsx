import { View } from '@tarojs/components'
import { Switch } from '../../ui/nutui'
import './index.scss'

interface Props {
  id: string
  title: string
  note?: string
  on: boolean
  onChange: (on: boolean) => void
}

/** An on/off choice where the whole row is the touch target, and what a screen reader calls a switch. */
export default function SwitchRow({ id, title, note, on, onChange }: Props) {
  return (
    <View
      className={on ? 'switch-row switch-row--on' : 'switch-row'}
      id={id}
      role='switch'
      aria-checked={on}
      onClick={() => onChange(!on)}
    >
      <View className='switch-row__text'>
        <View className='switch-row__title'>{title}</View>
        {note ? <View className='muted'>{note}</View> : null}
      </View>
      {/* Controlled and without its own handler: the tap reaches the row, which decides; the row speaks for it. */}
      <View aria-hidden='true'>
        <Switch checked={on} />
      </View>
    </View>
  )
}
