import Taro from '@tarojs/taro'

/** WeChat's standard type size (我 → 设置 → 通用 → 字体大小, the middle step), in px. */
const STANDARD_FONT_PX = 17
/** Past this the pages' own layout breaks; WeChat's own largest steps reach about 1.6. */
const LARGEST_SCALE = 1.75

/**
 * H5 has no WeChat setting to read: a test, or someone trying the portal in a browser, stands in for
 * it with `localStorage.setItem('lp.h5.fontSizeSetting', '24')` before the app starts.
 */
export const H5_FONT_SIZE_KEY = 'lp.h5.fontSizeSetting'

/**
 * The two platforms in the two branches of one `if`: the build drops the branch of the other
 * platform, and with it H5's getSystemInfoSync, which brings a 42 KB browser-sniffing library.
 */
function fontSizeSetting(): number | null {
  let px: unknown
  if (process.env.TARO_ENV === 'h5') {
    px = Number(window.localStorage.getItem(H5_FONT_SIZE_KEY))
  } else {
    px = Taro.getSystemInfoSync().fontSizeSetting
  }
  return typeof px === 'number' && Number.isFinite(px) && px > 0 ? px : null
}

/**
 * How much larger than our base sizes the person's own font-size setting asks type to be: 1 at
 * WeChat's standard size or smaller (our sizes are already the floor), more for each larger step.
 */
function readScale(): number {
  const px = fontSizeSetting()
  if (px === null) return 1
  return Math.min(LARGEST_SCALE, Math.max(1, px / STANDARD_FONT_PX))
}

/** Read once: WeChat restarts the mini program when the setting changes. */
export const systemFontScale = readScale()
