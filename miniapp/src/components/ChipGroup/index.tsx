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
}

/** Big tappable words in a row that wraps; the ones that are on are filled in. */
export default function ChipGroup<T extends string>({ id, options, isOn, onTap }: Props<T>) {
  return (
    <View className='chip-group' id={id}>
      {options.map((option) => {
        const on = isOn(option.value)
        return (
          <View
            key={option.value}
            id={`${id}-${option.value}`}
            className={on ? 'chip chip--on' : 'chip'}
            onClick={() => onTap(option.value)}
          >
            {option.label}
          </View>
        )
      })}
    </View>
  )
}
