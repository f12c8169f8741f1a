import { View } from '@tarojs/components'
import { useState, type ReactNode } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import type { PlaceQuery } from '../../../../services/places'
import type { AreaAdminNode } from '../../../../services/api/types'
import { Button, Input } from '../../../../ui/nutui'
import AreaPicker from '../AreaPicker'
import './index.scss'

const STATES = [{ value: 'all', label: '全部' }, { value: 'true', label: '在用的' }, { value: 'false', label: '已停用的' }] as const

interface Props {
  /** Prefix of every part's id: `<id>-search`, `<id>-state`, `<id>-area`. */
  id: string
  tree: AreaAdminNode
  query: PlaceQuery
  onChange: (query: PlaceQuery) => void
  placeholder: string
  /** More filters, e.g. the kind of school. */
  children?: ReactNode
}

/** Search by name or address, in use or not, and one area's subtree; any change goes back to page 1. */
export default function PlaceFilters({ id, tree, query, onChange, placeholder, children }: Props) {
  const [draft, setDraft] = useState(query.q)
  const set = (part: Partial<PlaceQuery>) => onChange({ ...query, ...part, page: 1 })
  return (
    <View className='card place-filters'>
      <View className='place-filters__search'>
        <Input id={`${id}-search`} className='place-filters__input' value={draft} placeholder={placeholder} maxLength={40} onChange={(v: string) => setDraft(v)} onConfirm={() => set({ q: draft.trim() })} />
        <Button id={`${id}-search-go`} type='primary' size='large' onClick={() => set({ q: draft.trim() })}>
          查找
        </Button>
        {query.q ? (
          <Button id={`${id}-search-clear`} fill='outline' size='large' onClick={() => { setDraft(''); set({ q: '' }) }}>
            清除查找
          </Button>
        ) : null}
      </View>
      {children}
      <ChipGroup id={`${id}-state`} options={STATES} isOn={(v) => v === (query.active ?? 'all')} onTap={(v) => set({ active: v === 'all' ? null : v })} />
      <AreaPicker id={`${id}-area`} tree={tree} value={query.areaId ?? tree.id} withRetired onChange={(areaId) => set({ areaId })} />
    </View>
  )
}
