import { View } from '@tarojs/components'
import type { CursorPages } from '../../../../hooks/useCursorPages'
import { Button } from '../../../../ui/nutui'
import './index.scss'

interface Props {
  /** ids: `<idPrefix>-previous`, `<idPrefix>-page-number`, `<idPrefix>-next` */
  idPrefix: string
  pages: CursorPages<unknown>
  pageSize: number
}

/** 上一页 / 第 n 页 / 下一页 under a table; nothing when everything fits on one page. */
export default function TablePager({ idPrefix, pages, pageSize }: Props) {
  if (pages.index === 0 && !pages.hasNext) return null
  return (
    <View className='table-pager'>
      <Button id={`${idPrefix}-previous`} fill='outline' size='large' disabled={pages.index === 0 || pages.loading} onClick={pages.previous}>
        上一页
      </Button>
      <View id={`${idPrefix}-page-number`}>
        第 {pages.index + 1} 页（每页 {pageSize} 人）
      </View>
      <Button id={`${idPrefix}-next`} fill='outline' size='large' disabled={!pages.hasNext || pages.loading} onClick={pages.next}>
        下一页
      </Button>
    </View>
  )
}
