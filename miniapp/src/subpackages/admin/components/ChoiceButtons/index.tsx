import { View } from '@tarojs/components'
import { Button } from '../../../../ui/nutui'
import './index.scss'

interface Props<T extends string | number> {
  /** The row's id; each button gets `<id>-<value>`, and `<id>-all` for 全部. */
  id: string
  label: string
  options: ReadonlyArray<{ value: T; label: string }>
  /** null: 全部 */
  value: T | null
  onChange: (value: T | null) => void
}

/**
 * One filter of a table as a row of buttons, 全部 first; the one in force is filled in. Real buttons
 * (NutUI), so a mouse click in a desktop browser works as a tap does.
 */
export default function ChoiceButtons<T extends string | number>({ id, label, options, value, onChange }: Props<T>) {
  const all: { value: T | null; label: string }[] = [{ value: null, label: '全部' }, ...options]
  return (
    <View className='choice-buttons' id={id}>
      {label}：
      {all.map((option) => (
        <Button
          key={option.value ?? 'all'}
          id={`${id}-${option.value ?? 'all'}`}
          size='small'
          type={value === option.value ? 'primary' : 'default'}
          fill={value === option.value ? 'solid' : 'outline'}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </Button>
      ))}
    </View>
  )
}
