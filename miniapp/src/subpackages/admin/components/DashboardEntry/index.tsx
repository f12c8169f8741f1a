import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { IndicatorCode, formatIndicatorTarget, formatIndicatorValue } from '@lp/shared'
import { useLoader } from '../../../../hooks/useLoader'
import { getOverview } from '../../../../services/statistics'
import { ROUTES } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button } from '../../../../ui/nutui'
import { currentYear } from '../../population-fields'
import './index.scss'

/** The first thing in 管理后台: this year's 60% indicator for the admin's area, and the way to all the figures. */
export default function DashboardEntry({ areaId }: { areaId: number }) {
  const year = currentYear()
  const overview = useLoader(() => getOverview(areaId, year), [areaId, year])
  const headline = overview.data?.indicators.find((i) => i.code === IndicatorCode.Participation)
  return (
    <View className='card dashboard-entry'>
      <View className='card__title'>学习指标</View>
      {headline ? (
        <View className='dashboard-entry__figure' id='admin-dashboard-headline' data-value={headline.value ?? ''}>
          {year}年参与学习的居民占常住人口 <View className='dashboard-entry__value'>{formatIndicatorValue(headline)}</View>
          （目标 {formatIndicatorTarget(headline)}，{headline.met === true ? '达标' : headline.met === false ? '未达标' : '无法判断'}）
        </View>
      ) : (
        <View className='muted'>各项指标与目标的对比、下级地区、每月学习情况、百姓学习之星，可导出 Excel。</View>
      )}
      <View className='button-row'>
        <Button id='admin-dashboard' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.adminDashboard, { areaId, year }) })}>
          查看学习指标
        </Button>
      </View>
    </View>
  )
}
