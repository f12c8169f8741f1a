import { View } from '@tarojs/components'
import { CATEGORY_LABELS, LEARNING_SOURCE_LABELS, formatCredits } from '@lp/shared'
import { formatDay, studyHoursText } from '../../utils/time'
import type { LearningRecordView } from '../../services/api/types'
import './index.scss'

interface Props {
  record: LearningRecordView
  /** The row's id is `<idPrefix>-<record id>`. */
  idPrefix: string
}

/** One learning record: what, when, how it was counted, the 学时 and the credits it brought. */
export default function LearningRecordRow({ record, idPrefix }: Props) {
  const classes = record.voided ? 'record-row record-row--voided' : 'record-row'
  return (
    <View className={classes} id={`${idPrefix}-${record.id}`}>
      <View className='record-row__main'>
        <View className='record-row__title'>{record.title}</View>
        <View className='muted'>
          {formatDay(record.occurredAt)} · {LEARNING_SOURCE_LABELS[record.source]} · {CATEGORY_LABELS[record.category]}
        </View>
        {record.voided ? <View className='record-row__void'>已作废：{record.voidReason ?? '没有写原因'}</View> : null}
      </View>
      <View className='record-row__numbers'>
        {record.minutes > 0 ? <View className='record-row__hours'>{studyHoursText(record.minutes)}</View> : null}
        <View className='record-row__credits'>{record.creditsMilli > 0 ? `+${formatCredits(record.creditsMilli)} 学分` : '未记学分'}</View>
      </View>
    </View>
  )
}
