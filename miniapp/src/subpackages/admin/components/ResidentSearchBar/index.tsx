import { View } from '@tarojs/components'
import { useState } from 'react'
import { Button, Input } from '../../../../ui/nutui'
import './index.scss'

interface Props {
  /** The text box; the buttons get `<id>-go` and `<id>-clear`. */
  id: string
  /** The search in force ('' for none). */
  value: string
  goText: string
  onSearch: (q: string) => void
}

/** A whole name or a whole 11-digit phone number to look a resident up by, with 查找 and 清除查找. */
export default function ResidentSearchBar({ id, value, goText, onSearch }: Props) {
  const [draft, setDraft] = useState(value)
  return (
    <View className='resident-search'>
      <Input
        id={id}
        className='resident-search__input'
        value={draft}
        placeholder='完整姓名或11位手机号'
        maxLength={20}
        onChange={(text: string) => setDraft(text)}
        onConfirm={() => onSearch(draft.trim())}
      />
      <Button id={`${id}-go`} type='primary' size='large' onClick={() => onSearch(draft.trim())}>
        {goText}
      </Button>
      {value ? (
        <Button
          id={`${id}-clear`}
          fill='outline'
          size='large'
          onClick={() => {
            setDraft('')
            onSearch('')
          }}
        >
          清除查找
        </Button>
      ) : null}
    </View>
  )
}
