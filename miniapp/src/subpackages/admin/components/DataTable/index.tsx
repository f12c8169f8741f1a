import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import type { Loaded } from '../../../../hooks/useLoader'
import { Button } from '../../../../ui/nutui'
import './index.scss'

export interface Column<T> {
  title: string
  cell: (row: T) => ReactNode
  /** Relative width; 1 unless given. */
  grow?: number
}

interface Props<T> {
  id: string
  columns: Column<T>[]
  rows: T[]
  rowId: (row: T) => string
  /** A row that is no longer in use is greyed. */
  dim?: (row: T) => boolean
}

/** A desktop table: a header row, then one row per item; every cell wraps rather than scrolls. */
export default function DataTable<T>({ id, columns, rows, rowId, dim }: Props<T>) {
  return (
    <View className='data-table' id={id}>
      <View className='data-table__row data-table__row--head'>
        {columns.map((c) => (
          <View key={c.title} className='data-table__cell' style={{ flexGrow: c.grow ?? 1 }}>
            {c.title}
          </View>
        ))}
      </View>
      {rows.map((row) => (
        <View key={rowId(row)} id={rowId(row)} className={dim?.(row) ? 'data-table__row data-table__row--dim' : 'data-table__row'}>
          {columns.map((c) => (
            <View key={c.title} className='data-table__cell' style={{ flexGrow: c.grow ?? 1 }}>
              {c.cell(row)}
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}

interface PagerProps {
  id: string
  page: number
  total: number
  limit: number
  busy: boolean
  onPage: (page: number) => void
}

/** 上一页 / 第 n 页，共 m 页 / 下一页, for a numbered list. */
export function Pager({ id, page, total, limit, busy, onPage }: PagerProps) {
  const pages = Math.max(1, Math.ceil(total / limit))
  return (
    <View className='data-table__pager' id={id}>
      <Button id={`${id}-previous`} fill='outline' size='large' disabled={page <= 1 || busy} onClick={() => onPage(page - 1)}>
        上一页
      </Button>
      <View id={`${id}-number`}>
        第 {page} 页，共 {pages} 页（{total} 条）
      </View>
      <Button id={`${id}-next`} fill='outline' size='large' disabled={page >= pages || busy} onClick={() => onPage(page + 1)}>
        下一页
      </Button>
    </View>
  )
}

interface PagedProps<T> {
  /** `<id>-table`, `<id>-pager`, `<id>-empty`. */
  id: string
  list: Loaded<{ items: T[]; total: number; page: number; limit: number }>
  columns: Column<T>[]
  rowId: (row: T) => string
  dim?: (row: T) => boolean
  empty: string
  onPage: (page: number) => void
}

/** A numbered list as it loads: the problem, the wait, the table with its pager, or a note that there is nothing. */
export function PagedTable<T>({ id, list, columns, rowId, dim, empty, onPage }: PagedProps<T>) {
  if (list.error) return <ErrorNotice error={list.error} onRetry={list.reload} />
  if (!list.data) return list.loading ? <LoadingNotice /> : null
  if (!list.data.items.length) return <EmptyNotice id={`${id}-empty`} text={empty} />
  return (
    <>
      <DataTable id={`${id}-table`} columns={columns} rows={list.data.items} rowId={rowId} dim={dim} />
      <Pager id={`${id}-pager`} page={list.data.page} total={list.data.total} limit={list.data.limit} busy={list.loading} onPage={onPage} />
    </>
  )
}
