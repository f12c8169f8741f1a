import { View } from '@tarojs/components'
import { useMemo, useState } from 'react'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import { RESIDENTS_PAGE_SIZE } from '../../../../services/admin'
import type { ResidentListItem } from '../../../../services/api/types'
import { Button } from '../../../../ui/nutui'
import { useResidentPages } from '../../pages/residents/residents-page'
import Pager from '../Pager'
import ResidentSearchBar from '../ResidentSearchBar'
import '../../styles/admin-table.scss'

interface Props {
  /** The admin's own area: residents below it are listed. */
  areaId: number
  chosen: ResidentListItem | null
  onPick: (resident: ResidentListItem) => void
}

/**
 * Finds a resident of the admin's area: the residents page by page, or one found by whole name
 * or whole phone number (matched on the server, shown masked); a row's button picks that resident.
 */
export default function ResidentPicker({ areaId, chosen, onPick }: Props) {
  const [q, setQ] = useState('')
  const query = useMemo(() => ({ areaId, group: null, q }), [areaId, q])
  const pages = useResidentPages(query)

  return (
    <View className='resident-picker' id='picker'>
      <ResidentSearchBar id='picker-search' value={q} goText='查找居民' onSearch={setQ} />
      {pages.error ? <ErrorNotice error={pages.error} onRetry={pages.retry} /> : null}
      {pages.loading ? <LoadingNotice /> : null}
      {!pages.loading && !pages.error ? (
        <View className='admin-table' id='picker-table'>
          <View className='admin-table__row admin-table__head'>
            <View className='admin-table__cell'>姓名</View>
            <View className='admin-table__cell'>年龄</View>
            <View className='admin-table__cell'>手机号</View>
            <View className='admin-table__cell'>社区</View>
            <View className='admin-table__cell'>操作</View>
          </View>
          {pages.items.map((r) => (
            <View key={r.userId} id={`picker-${r.userId}`} className={chosen?.userId === r.userId ? 'admin-table__row admin-table__row--on' : 'admin-table__row'}>
              <View className='admin-table__cell'>{r.realNameMasked}</View>
              <View className='admin-table__cell'>{r.age} 岁</View>
              <View className='admin-table__cell'>{r.phoneMasked ?? '没有手机号'}</View>
              <View className='admin-table__cell'>{r.community.name}</View>
              <View className='admin-table__cell admin-table__actions'>
                {chosen?.userId === r.userId ? (
                  <View className='muted'>正在查看</View>
                ) : (
                  <Button id={`picker-${r.userId}-pick`} size='small' type='primary' onClick={() => onPick(r)}>
                    选这位
                  </Button>
                )}
              </View>
            </View>
          ))}
          {!pages.items.length ? (
            <View className='admin-table__empty' id='picker-empty'>
              {q ? '没有找到这位居民。请核对完整姓名或11位手机号。' : '这里还没有居民填写信息。'}
            </View>
          ) : null}
        </View>
      ) : null}
      <Pager id='picker-pages' pages={pages} sizeText={`每页 ${RESIDENTS_PAGE_SIZE} 人`} />
    </View>
  )
}
