import { Image } from '@tarojs/components'
import { Canvas } from '../../ui/rare/canvas'
import Taro from '@tarojs/taro'
import { useEffect, useMemo } from 'react'
import { qrMatrix, qrSvgDataUrl, type QrMatrix } from './matrix'
import './index.scss'

interface Props {
  id: string
  /** What the code says. */
  text: string
  /** What the picture is, for screen readers (e.g. 签到二维码). */
  label: string
  /** The size: a class setting the same width and height. */
  className?: string
  /** Mini program only: the canvas once drawn, e.g. to save the code as a picture. */
  onDrawn?: (canvas: Taro.Canvas) => void
}

/**
 * A QR code drawn from its modules. In the browser it is an SVG image (the text is also in
 * `data-qr`, for tests and for a person inspecting the page); in the mini program, which has
 * no DOM, it is painted square by square on a 2D canvas at the screen's pixel ratio.
 */
export default function QrCode({ id, text, label, className, onDrawn }: Props) {
  const matrix = useMemo(() => qrMatrix(text), [text])
  const classes = ['qr-code', className ?? ''].filter(Boolean).join(' ')
  if (process.env.TARO_ENV === 'h5') {
    return <Image id={id} className={classes} data-qr={text} src={qrSvgDataUrl(matrix)} mode='scaleToFill' nativeProps={{ alt: label }} />
  }
  return <QrCanvas id={id} className={classes} text={text} label={label} matrix={matrix} onDrawn={onDrawn} />
}

interface CanvasProps {
  id: string
  className: string
  text: string
  label: string
  matrix: QrMatrix
  onDrawn?: (canvas: Taro.Canvas) => void
}

interface CanvasNode {
  node?: Taro.Canvas
  width: number
}

/** The canvas appears after React's render has reached the page: look for it a few times. */
const FIND_TRIES = 20
const FIND_EVERY_MS = 50

function QrCanvas({ id, className, text, label, matrix, onDrawn }: CanvasProps) {
  useEffect(() => {
    let cancelled = false
    const draw = (canvas: Taro.Canvas, cssWidth: number) => {
      const ratio = Taro.getWindowInfo().pixelRatio
      // Whole device pixels per square keep every edge sharp; the rest is white margin.
      const pixels = Math.round(cssWidth * ratio)
      const unit = Math.max(1, Math.floor(pixels / matrix.side))
      const offset = Math.floor((pixels - unit * matrix.side) / 2)
      canvas.width = pixels
      canvas.height = pixels
      const pen = canvas.getContext('2d') as CanvasRenderingContext2D
      pen.fillStyle = '#ffffff'
      pen.fillRect(0, 0, pixels, pixels)
      pen.fillStyle = '#000000'
      for (let row = 0; row < matrix.side; row++) {
        for (let col = 0; col < matrix.side; col++) {
          if (matrix.isDark(row, col)) pen.fillRect(offset + col * unit, offset + row * unit, unit, unit)
        }
      }
      onDrawn?.(canvas)
    }
    const find = (triesLeft: number) => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((found: Array<CanvasNode | null>) => {
          if (cancelled) return
          const target = found[0]
          if (target?.node) draw(target.node, target.width)
          else if (triesLeft > 0) setTimeout(() => find(triesLeft - 1), FIND_EVERY_MS)
        })
    }
    Taro.nextTick(() => find(FIND_TRIES))
    return () => {
      cancelled = true
    }
  }, [id, text])

  return <Canvas type='2d' id={id} className={className} data-qr={text} aria-label={label} />
}
