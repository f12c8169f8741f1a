import { View } from '@tarojs/components'
import { Button } from '../../../../ui/nutui'
import './index.scss'

interface Props {
  /** The buttons get `<id>-previous` and `<id>-next`, the page number `<id>-number`. */
  id: string
  /** Where the table is: a CursorPages, or pages counted in the page itself. */
  pages: { index: number; hasNext: boolean; loading: boolean; previous: () => void; next: () => void }
  /** e.g. "每页 20 人" */
  sizeText: string
}

/** 上一页 / 第 n 页 / 下一页 under a table; nothing when everything fits on one page. */
export default function Pager({ id, pages, sizeText }: Props) {
  const { index, hasNext, loading } = pages
  if (index === 0 && !hasNext) return null
  return (
    <View className='admin-pager' id={id}>
      <Button id={`${id}-previous`} fill='outline' size='large' disabled={index === 0 || loading} onClick={pages.previous}>
        上一页
      </Button>
      <View id={`${id}-number`}>
        第 {index + 1} 页（{sizeText}）
      </View>
      <Button id={`${id}-next`} fill='outline' size='large' disabled={!hasNext || loading} onClick={pages.next}>
        下一页
      </Button>
    </View>
  )
}
