/**
 * H5 only: the root font size behind the rem units Taro emits. On phones it follows the
 * screen width, as Taro's own script does; on tablets and desktops it stops at the size of
 * a large phone so admin pages are not drawn twice too big. Lives in the bundle rather
 * than inline in index.html because the server's Content-Security-Policy forbids inline scripts.
 */
export function fitRootFontSize(): void {
  const fit = () => {
    const root = document.documentElement
    const box = root.getBoundingClientRect()
    const side = Math.min(box.width || 480, box.height || 480, 480)
    root.style.fontSize = `${Math.max(20, (40 * side) / 750)}px`
  }
  window.addEventListener('resize', () => {
    fit()
    setTimeout(fit, 500)
  })
  fit()
}
