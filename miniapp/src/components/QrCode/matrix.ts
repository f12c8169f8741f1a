import { create } from 'qrcode'

/** The dark squares of a QR code, row by row, with the blank border scanners need around it. */
export interface QrMatrix {
  /** Squares per side, border included. */
  side: number
  isDark: (row: number, col: number) => boolean
}

/** Two blank squares each side; the white card around the code adds the rest of the quiet zone. */
const BORDER = 2

export function qrMatrix(text: string): QrMatrix {
  const { modules } = create(text, { errorCorrectionLevel: 'M' })
  const size = modules.size
  return {
    side: size + 2 * BORDER,
    isDark: (row, col) => {
      const r = row - BORDER
      const c = col - BORDER
      return r >= 0 && c >= 0 && r < size && c < size && modules.get(r, c) === 1
    }
  }
}

/** One SVG path for all dark squares: sharp at any size, on a phone or projected on a wall. */
export function qrSvgDataUrl(matrix: QrMatrix): string {
  const squares: string[] = []
  for (let row = 0; row < matrix.side; row++) {
    for (let col = 0; col < matrix.side; col++) {
      if (matrix.isDark(row, col)) squares.push(`M${col} ${row}h1v1h-1z`)
    }
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${matrix.side} ${matrix.side}" shape-rendering="crispEdges">` +
    `<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="${squares.join('')}"/></svg>`
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}
