import { View } from '@tarojs/components'
import { AREA_LEVEL_LABELS, IndicatorCode } from '@lp/shared'
import { formatCount } from '../../population-fields'
import { SHADE_WORDS, participationShade, valueText, type Shade } from './figures'
import type { AreaSummary, ChildStatistics } from '../../../../services/api/types'

interface Props {
  rows: ChildStatistics[]
  onOpen: (area: AreaSummary) => void
}

const SHADES: Shade[] = ['met', 'near', 'far', 'none']

/** The child areas as tiles coloured by the 60% indicator; tapping one opens its own dashboard. */
export default function ChildTiles({ rows, onOpen }: Props) {
  return (
    <View className='card' id='dashboard-children'>
      <View className='card__title'>下级地区参与率</View>
      <View className='dashboard-legend'>
        {SHADES.map((shade) => (
          <View key={shade} className='dashboard-legend__item'>
            <View className={`dashboard-legend__swatch dashboard-shade--${shade}`} />
            {SHADE_WORDS[shade]}
          </View>
        ))}
      </View>
      <View className='dashboard-tiles'>
        {rows.map((row) => {
          const v = row.indicators.find((i) => i.code === IndicatorCode.Participation)
          const shade = participationShade(v)
          return (
            <View
              role='button'
              key={row.area.id}
              id={`dashboard-child-${row.area.id}`}
              className={`dashboard-tile dashboard-shade--${shade}`}
              data-value={v?.value ?? ''}
              data-shade={shade}
              onClick={() => onOpen(row.area)}
            >
              <View className='dashboard-tile__name'>
                {row.area.name} ›
              </View>
              <View className='dashboard-tile__level'>{AREA_LEVEL_LABELS[row.area.level]}</View>
              <View className='dashboard-tile__value'>{v ? valueText(v) : '—'}</View>
              <View className='dashboard-tile__note'>
                {v && row.population ? `${formatCount(v.numerator)} / ${formatCount(row.population.residentTotal)} 人` : '人口数据未填写'} · {SHADE_WORDS[shade]}
              </View>
            </View>
          )
        })}
      </View>
    </View>
  )
}
