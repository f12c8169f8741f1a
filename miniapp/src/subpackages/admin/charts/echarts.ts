/*
 * ECharts for the admin subpackage, built from its modules so the package carries only the
 * three chart types and two components the dashboard draws. The browser renders SVG into the
 * page (sharp when printed, text readable by screen readers and tests); the mini program, which
 * has no DOM, paints on a 2D canvas. The other renderer drops out of each build because
 * TARO_ENV is a constant there.
 */
import { BarChart, GaugeChart, LineChart } from 'echarts/charts'
import type { BarSeriesOption, GaugeSeriesOption, LineSeriesOption } from 'echarts/charts'
import { GridComponent, TooltipComponent } from 'echarts/components'
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components'
import { init, setPlatformAPI, use } from 'echarts/core'
import type { ComposeOption, EChartsType } from 'echarts/core'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'

use([BarChart, LineChart, GaugeChart, GridComponent, TooltipComponent])
use(process.env.TARO_ENV === 'h5' ? SVGRenderer : CanvasRenderer)

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GaugeSeriesOption | GridComponentOption | TooltipComponentOption
>

export type Chart = EChartsType

export { init as initChart, setPlatformAPI }
