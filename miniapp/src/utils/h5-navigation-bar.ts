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
