import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import './index.scss'

interface Props {
  label: string
  /** Shown under the label: what to enter, or that it may be left empty. */
  hint?: string
  /** A problem with what was entered, in red. */
  error?: string | null
}

/** A labelled form field with room for a hint and a problem. */
export default function FormField({ label, hint, error, children }: PropsWithChildren<Props>) {
  return (
    <View className='form-field'>
      <View className='form-field__label'>{label}</View>
      {hint ? <View className='form-field__hint'>{hint}</View> : null}
      <View className='form-field__control'>{children}</View>
      {error ? <View className='form-field__error'>{error}</View> : null}
    </View>
  )
}
