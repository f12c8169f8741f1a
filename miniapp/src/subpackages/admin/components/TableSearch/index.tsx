import { View } from '@tarojs/components'
import { useState } from 'react'
import { Button, Input } from '../../../../ui/nutui'
import './index.scss'

interface Props {
  /** ids: `<idPrefix>-search`, `<idPrefix>-search-go`, `<idPrefix>-search-clear` */
  idPrefix: string
  placeholder: string
  maxLength: number
  /** The search in force; empty for none. */
  query: string
  onSearch: (query: string) => void
}

/** A table's search box: typed text is searched when 查找 is pressed (or Enter), and can be cleared. */
export default function TableSearch({ idPrefix, placeholder, maxLength, query, onSearch }: Props) {
  const [draft, setDraft] = useState(query)
  const clear = () => {
    setDraft('')
    onSearch('')
  }
  return (
    <View className='table-search'>
      <Input
        id={`${idPrefix}-search`}
        className='table-search__input'
        value={draft}
        placeholder={placeholder}
        maxLength={maxLength}
        onChange={(value: string) => setDraft(value)}
        onConfirm={() => onSearch(draft.trim())}
      />
      <Button id={`${idPrefix}-search-go`} type='primary' size='large' onClick={() => onSearch(draft.trim())}>
        查找
      </Button>
      {query ? (
        <Button id={`${idPrefix}-search-clear`} fill='outline' size='large' onClick={clear}>
          清除查找
        </Button>
      ) : null}
    </View>
  )
}
