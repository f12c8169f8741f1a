import { View } from '@tarojs/components'
import { Button } from '../../../../ui/nutui'

interface Props {
  /** Ids: `<idPrefix>-prev` and `<idPrefix>-next`. */
  idPrefix: string
  page: number
  pages: number
  onPage: (page: number) => void
}

/** 上一页 · 第 2 / 5 页 · 下一页 under a register's list; nothing when it fits on one page. */
export default function RegisterPager({ idPrefix, page, pages, onPage }: Props) {
  if (pages <= 1) return null
  return (
    <View className='button-row'>
      <Button id={`${idPrefix}-prev`} size='large' disabled={page <= 1} onClick={() => onPage(page - 1)}>
        上一页
      </Button>
      <View>
        第 {page} / {pages} 页
      </View>
      <Button id={`${idPrefix}-next`} size='large' disabled={page >= pages} onClick={() => onPage(page + 1)}>
        下一页
      </Button>
    </View>
  )
}
