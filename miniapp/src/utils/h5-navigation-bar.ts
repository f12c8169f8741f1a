/**
 * H5 only: Taro's navigation bar draws its back and home buttons as bare <div>s. They become
 * buttons that screen readers name and keyboards reach; Enter and Space press them.
 */
export function labelNavigationButtons(): void {
  const label = () => {
    for (const [selector, name] of [
      ['.taro-navigation-bar-back', '返回上一页'],
      ['.taro-navigation-bar-home', '回到首页']
    ] as const) {
      const button = document.querySelector<HTMLElement>(selector)
      if (!button || button.getAttribute('role') === 'button') continue
      button.setAttribute('role', 'button')
      button.setAttribute('aria-label', name)
      button.tabIndex = 0
      button.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault()
          button.click()
        }
      })
    }
  }
  // the bar is made when the router starts, after this bundle runs
  new MutationObserver(label).observe(document.body, { childList: true, subtree: false })
  label()
}

/**
 * H5 only: what Taro draws without a text alternative or out of a keyboard's reach. Each tab's icon
 * is an <img> with no alt; the tab's own label names it, so the icon is marked decorative (an empty
 * alt) and screen readers skip it. Each page is a scrolling <div>, and so is a wide table marked
 * `data-keyboard-scroll="its name"`: they join the tab order (a table as a named region), so arrow
 * keys and Page Down scroll them even where they hold no button.
 */
export function describeTaroChrome(): void {
  const describe = () => {
    document.querySelectorAll<HTMLImageElement>('.weui-tabbar__icon:not([alt])').forEach((icon) => icon.setAttribute('alt', ''))
    document.querySelectorAll<HTMLElement>('.taro_page:not([tabindex])').forEach((page) => {
      page.tabIndex = 0
    })
    document.querySelectorAll<HTMLElement>('[data-keyboard-scroll]:not([tabindex])').forEach((region) => {
      region.tabIndex = 0
      region.setAttribute('role', 'region')
      region.setAttribute('aria-label', region.dataset.keyboardScroll ?? '')
    })
  }
  // the tab bar and the pages are drawn, and icons swapped, after this bundle runs
  new MutationObserver(describe).observe(document.body, { childList: true, subtree: true })
  describe()
}
