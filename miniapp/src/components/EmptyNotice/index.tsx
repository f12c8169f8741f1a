import { View } from '@tarojs/components'
import { Button } from '../../ui/nutui'
import './index.scss'

interface Props {
  id?: string
  /** Says what is missing and what the person can do about it. */
  text: string
  actionText?: string
  onAction?: () => void
}

/** An honest empty state: nothing to show yet, and what to do next. */
export default function EmptyNotice({ id, text, actionText, onAction }: Props) {
  return (
    <View className='empty-notice card' id={id}>
      <View className='empty-notice__text'>{text}</View>
      {actionText && onAction ? (
        <View className='button-row'>
          <Button type='primary' size='large' block onClick={onAction}>
            {actionText}
          </Button>
        </View>
      ) : null}
    </View>
  )
}
