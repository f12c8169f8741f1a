import { View } from '@tarojs/components'
import { Picker } from '../../ui/rare/picker'
import { shanghaiDate } from '@lp/shared'
import FormField from '../FormField'
import './index.scss'

interface Props {
  value: string
  /** The date was read from the ID number, so there is nothing to pick. */
  fromIdNumber: boolean
  onChange: (date: string) => void
  error?: string | null
}

function formatChinese(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** 出生日期: filled from the ID number when given; otherwise the phone's own date picker. */
export default function BirthDateField({ value, fromIdNumber, onChange, error }: Props) {
  const today = shanghaiDate()
  if (fromIdNumber) {
    return (
      <FormField label='出生日期' hint='已按身份证号自动填好。'>
        <View className='birth-date birth-date--fixed' id='bind-birthDate'>
          {formatChinese(value)}
        </View>
      </FormField>
    )
  }
  return (
    <FormField label='出生日期' hint='填了身份证号会自动填好；没填就在这里选。' error={error}>
      {process.env.TARO_ENV === 'h5' ? (
        <input
          id='bind-birthDate'
          aria-label='出生日期'
          className='birth-date birth-date--input'
          type='date'
          min='1900-01-01'
          max={today}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <Picker mode='date' start='1900-01-01' end={today} value={value || '1960-01-01'} onChange={(event) => onChange(String(event.detail.value))}>
          <View className='birth-date' id='bind-birthDate'>
            {value ? formatChinese(value) : '点这里选择'}
          </View>
        </Picker>
      )}
    </FormField>
  )
}
