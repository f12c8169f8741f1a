import { View } from '@tarojs/components'
import './index.scss'

interface Props {
  id: string
  title: string
  note?: string
  /** A count in red, e.g. unread messages; hidden when 0. */
  badge?: number
  onTap: () => void
}

/** A whole-width row that opens another page. */
export default function LinkRow({ id, title, note, badge = 0, onTap }: Props) {
  return (
    <View role='button' className='link-row' id={id} onClick={onTap}>
      <View className='link-row__text'>
        <View className='link-row__title'>
          {title}
          {badge > 0 ? <View className='link-row__badge'>{badge > 99 ? '99+' : badge}</View> : null}
        </View>
        {note ? <View className='muted'>{note}</View> : null}
      </View>
      <View className='link-row__arrow'>›</View>
    </View>
  )
}
