import { View } from '@tarojs/components'
import type { PropsWithChildren, ReactNode } from 'react'
import './index.scss'

interface Props {
  id?: string
  title: string
  /** A short line under the title saying what the list is. */
  note?: ReactNode
}

/** A titled part of a page, such as 附近的学习场所. */
export default function Section({ id, title, note, children }: PropsWithChildren<Props>) {
  return (
    <View className='section' id={id}>
      <View className='section__title' role='heading' aria-level={2}>
        {title}
      </View>
      {note ? <View className='section__note'>{note}</View> : null}
      {children}
    </View>
  )
}
