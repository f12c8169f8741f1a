import { View } from '@tarojs/components'
import { Button } from '../../../../ui/nutui'
import './index.scss'

interface Props {
  year: number
  max: number
  onChange: (year: number) => void
}

/** ‹ 2025年 ›: one year back or forward, never past `max`. */
export default function YearStepper({ year, max, onChange }: Props) {
  return (
    <View className='year-stepper' id='population-year'>
      <Button id='population-year-prev' size='small' fill='outline' onClick={() => onChange(year - 1)}>
        上一年
      </Button>
      <View className='year-stepper__year'>{year}年</View>
      <Button id='population-year-next' size='small' fill='outline' disabled={year >= max} onClick={() => onChange(year + 1)}>
        下一年
      </Button>
    </View>
  )
}
