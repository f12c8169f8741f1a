import type { PropsWithChildren } from 'react'
import './app.scss'
import { fitRootFontSize } from './utils/h5-root-font'

if (process.env.TARO_ENV === 'h5') fitRootFontSize()

function App({ children }: PropsWithChildren) {
  // children is the page being shown; every page wraps itself in PageShell.
  return children
}

export default App
