import { View } from '@tarojs/components'
import type { ApiError } from '../../services/request'
import { Button } from '../../ui/nutui'
import './index.scss'

interface Props {
  error: ApiError
  onRetry?: () => void
}

/** What went wrong, in the server's own words, with a way to try again. */
export default function ErrorNotice({ error, onRetry }: Props) {
  return (
    <View className='error-notice card'>
      <View className='error-notice__message'>{error.message}</View>
      {error.details.map((line) => (
        <View key={line} className='error-notice__detail'>
          {line}
        </View>
      ))}
      {onRetry ? (
        <View className='button-row'>
          <Button type='primary' fill='outline' block onClick={onRetry}>
            再试一次
          </Button>
        </View>
      ) : null}
    </View>
  )
}
