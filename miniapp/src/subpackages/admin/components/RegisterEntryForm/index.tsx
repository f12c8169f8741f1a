import { View } from '@tarojs/components'
import FormField from '../../../../components/FormField'
import Section from '../../../../components/Section'
import { Button, Input } from '../../../../ui/nutui'

/** One field of an entry: its input's id, what it asks, and how long an answer may be. */
export interface EntryField<K extends string> {
  key: K
  id: string
  label: string
  hint: string
  maxLength: number
  type?: 'number' | 'digit'
}

interface Props<K extends string> {
  /** The section's id; the buttons are `<idPrefix>-save` and `<idPrefix>-cancel`. */
  id: string
  idPrefix: string
  title: string
  fields: ReadonlyArray<EntryField<K>>
  values: Record<K, string>
  onChange: (key: K, value: string) => void
  busy: boolean
  onSave: () => void
  onCancel: () => void
}

/** Recording one thing on a register (a volunteer's service, a worker's training): a few fields, 记下 or 不记了. */
export default function RegisterEntryForm<K extends string>({ id, idPrefix, title, fields, values, onChange, busy, onSave, onCancel }: Props<K>) {
  return (
    <Section id={id} title={title}>
      <View className='card'>
        {fields.map((f) => (
          <FormField key={f.key} label={f.label} hint={f.hint}>
            <Input id={f.id} type={f.type} value={values[f.key]} maxLength={f.maxLength} onChange={(v: string) => onChange(f.key, v)} />
          </FormField>
        ))}
        <View className='button-row'>
          <Button id={`${idPrefix}-save`} type='primary' size='large' loading={busy} onClick={onSave}>
            记下
          </Button>
          <Button id={`${idPrefix}-cancel`} size='large' onClick={onCancel}>
            不记了
          </Button>
        </View>
      </View>
    </Section>
  )
}
