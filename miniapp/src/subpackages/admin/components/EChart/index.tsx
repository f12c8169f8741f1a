import { View } from '@tarojs/components'
import { Canvas } from '../../../../ui/rare/canvas'
import type { CanvasTouchEvent } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { initChart, setPlatformAPI, type Chart, type ChartOption } from '../../charts/echarts'
import './index.scss'

interface Props {
  /** The chart's own id, for pages and tests; the element drawn into gets a unique one of its own. */
  id: string
  option: ChartOption
  /** Says in words what the chart shows, for screen readers and for a person who cannot read charts. */
  label: string
  /** A class on the chart's box; its `.echart` child takes the height from it (the width is always the card's). */
  className?: string
}

let instances = 0

/**
 * One ECharts chart. In the browser it is drawn as SVG into the page and follows the box's size;
 * in the mini program it is painted on a 2D canvas, and taps are passed to ECharts so that a
 * tooltip still opens where the finger lands.
 */
export default function EChart({ id, option, label, className }: Props) {
  // The browser keeps earlier pages in the document, so a drilled-down copy of this page must not reuse the element id.
  const [drawId] = useState(() => `echart-${++instances}`)
  return (
    <View id={id} className={['echart-box', className ?? ''].filter(Boolean).join(' ')} aria-label={label} role='img'>
      {process.env.TARO_ENV === 'h5' ? <BrowserChart id={drawId} option={option} /> : <CanvasChart id={drawId} option={option} />}
    </View>
  )
}

interface DrawProps {
  id: string
  option: ChartOption
}

function BrowserChart({ id, option }: DrawProps) {
  const chart = useRef<Chart | null>(null)

  useEffect(() => {
    const box = document.getElementById(id)
    if (!box) return undefined
    const created = initChart(box, undefined, { renderer: 'svg' })
    chart.current = created
    const observer = new ResizeObserver(() => created.resize())
    observer.observe(box)
    return () => {
      observer.disconnect()
      created.dispose()
      chart.current = null
    }
  }, [id])

  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])

  return <View id={id} className='echart' />
}

/**
 * What ECharts needs of a canvas, around the mini program's 2D canvas node: the size, a context,
 * and event hooks, which stay empty because the page hands touches over itself.
 */
class CanvasHost {
  constructor(private readonly node: Taro.Canvas) {}

  getContext(kind: '2d') {
    return this.node.getContext(kind)
  }

  get width(): number {
    return this.node.width
  }

  set width(value: number) {
    this.node.width = value
  }

  get height(): number {
    return this.node.height
  }

  set height(value: number) {
    this.node.height = value
  }

  addEventListener(): void {
    // touches arrive through the Canvas component's handlers
  }

  removeEventListener(): void {
    // nothing was added
  }
}

/** Text widths for chart layout come from an offscreen 2D canvas: the page has no document to measure in. */
let measuring = false
function measureOnOffscreenCanvas(): void {
  if (measuring) return
  measuring = true
  const offscreen = Taro.createOffscreenCanvas({ type: '2d', width: 1, height: 1 })
  setPlatformAPI({ createCanvas: () => offscreen as unknown as HTMLCanvasElement })
}

interface CanvasNode {
  node?: Taro.Canvas
  width: number
  height: number
}

const FIND_TRIES = 20
const FIND_EVERY_MS = 50

function CanvasChart({ id, option }: DrawProps) {
  const chart = useRef<Chart | null>(null)
  const latest = useRef(option)
  latest.current = option

  useEffect(() => {
    let cancelled = false
    const start = (found: CanvasNode & { node: Taro.Canvas }) => {
      measureOnOffscreenCanvas()
      const host = new CanvasHost(found.node)
      const created = initChart(host as unknown as HTMLCanvasElement, undefined, {
        renderer: 'canvas',
        width: found.width,
        height: found.height,
        devicePixelRatio: Taro.getWindowInfo().pixelRatio
      })
      created.setOption(latest.current, true)
      chart.current = created
    }
    const find = (triesLeft: number) => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((results: Array<CanvasNode | null>) => {
          if (cancelled) return
          const found = results[0]
          if (found?.node && found.width > 0) start({ ...found, node: found.node })
          else if (triesLeft > 0) setTimeout(() => find(triesLeft - 1), FIND_EVERY_MS)
        })
    }
    Taro.nextTick(() => find(FIND_TRIES))
    return () => {
      cancelled = true
      chart.current?.dispose()
      chart.current = null
    }
  }, [id])

  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])

  const pass = (names: ReadonlyArray<'mousedown' | 'mousemove' | 'mouseup' | 'click'>, event: CanvasTouchEvent, ended = false) => {
    const handler = chart.current?.getZr().handler
    const touch = ended ? event.changedTouches[0] : event.touches[0]
    if (!handler || !touch) return
    for (const name of names) handler.dispatch(name, { zrX: touch.x, zrY: touch.y })
  }

  return (
    <Canvas
      type='2d'
      id={id}
      className='echart'
      onTouchStart={(e) => pass(['mousedown', 'mousemove'], e)}
      onTouchMove={(e) => pass(['mousemove'], e)}
      onTouchEnd={(e) => pass(['mouseup', 'click'], e, true)}
    />
  )
}
