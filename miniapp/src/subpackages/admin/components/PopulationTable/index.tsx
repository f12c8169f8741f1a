import { View } from '@tarojs/components'
import { ScrollView } from '../../../../ui/rare/scroll-view'
import { FIGURES, formatCount } from '../../population-fields'
import type { AreaSummary, PopulationRow } from '../../../../services/api/types'
import './index.scss'

export interface ChildFigures {
  area: AreaSummary
  /** Null when the child has no figures for the year yet. */
  row: PopulationRow | null
}

interface Props {
  rows: ChildFigures[]
  onOpen: (area: AreaSummary) => void
}

/** Figures of each child area side by side; tapping a row opens that area. */
export default function PopulationTable({ rows, onOpen }: Props) {
  return (
    <ScrollView scrollX className='population-table' id='population-children' data-keyboard-scroll='下级地区的人口数据'>
      <View className='population-table__inner'>
        <View className='population-table__row population-table__row--head'>
          <View className='population-table__cell population-table__cell--name'>地区</View>
          {FIGURES.map((figure) => (
            <View key={figure.key} className='population-table__cell'>
              {figure.label}
            </View>
          ))}
        </View>
        {rows.map(({ area, row }) => (
          <View
            role='button'
            key={area.id}
            id={`population-row-${area.id}`}
            className='population-table__row population-table__row--body'
            onClick={() => onOpen(area)}
          >
            <View className='population-table__cell population-table__cell--name'>{area.name} ›</View>
            {row ? (
              FIGURES.map((figure) => (
                <View key={figure.key} className='population-table__cell'>
                  {formatCount(row[figure.key])}
                </View>
              ))
            ) : (
              <View className='population-table__cell population-table__cell--missing'>这一年还没有填写</View>
            )}
          </View>
        ))}
      </View>
    </ScrollView>
  )
}
