import { View } from '@tarojs/components'
import { openPage } from '../../utils/routes'
import './index.scss'

export interface EntryTile {
  id: string
  title: string
  note: string
  url: string
}

/** Large squares that each open one page, two to a row. */
export default function EntryTiles({ id, tiles }: { id?: string; tiles: EntryTile[] }) {
  return (
    <View className='entry-tiles' id={id}>
      {tiles.map((tile) => (
        <View role='button' key={tile.id} id={tile.id} className='entry-tile' onClick={() => openPage(tile.url)}>
          <View className='entry-tile__title'>{tile.title}</View>
          <View className='entry-tile__note'>{tile.note}</View>
        </View>
      ))}
    </View>
  )
}
