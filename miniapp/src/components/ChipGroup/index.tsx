import { View } from '@tarojs/components'
import './index.scss'

export interface ChipOption<T extends string> {
  value: T
  label: string
}

interface Props<T extends string> {
  /** The group's id; each chip gets `<id>-<value>`. */
  id: string
  options: ReadonlyArray<ChipOption<T>>
  isOn: (value: T) => boolean
  onTap: (value: T) => void
  /**
   * What a tap does, for screen readers: 'one' picks one of the group, 'many' ticks or unticks this
   * one, 'action' opens something (nothing stays on).
   */
  kind?: 'one' | 'many' | 'action'
}

const ROLES = { one: 'radio', many: 'checkbox', action: 'button' } as const

/** Big tappable words in a row that wraps; the ones that are on are filled in. */
export default function ChipGroup<T extends string>({ id, options, isOn, onTap, kind = 'one' }: Props<T>) {
  return (
    <View className='chip-group' id={id} role={kind === 'one' ? 'radiogroup' : 'group'}>
      {options.map((option) => {
        const on = isOn(option.value)
        return (
          <View
            key={option.value}
            id={`${id}-${option.value}`}
            className={on ? 'chip chip--on' : 'chip'}
            role={ROLES[kind]}
            aria-checked={kind === 'action' ? undefined : on}
            onClick={() => onTap(option.value)}
          >
            {option.label}
          </View>
        )
      })}
    </View>
  )
}
