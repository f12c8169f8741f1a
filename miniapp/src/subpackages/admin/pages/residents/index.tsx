import { View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { listResidents } from '../../../../services/admin'
import { ApiError, toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { Button } from '../../../../ui/nutui'
import ResidentCard from '../../components/ResidentCard'
import type { ResidentListItem } from '../../../../services/api/types'
import './index.scss'

interface ListState {
  items: ResidentListItem[]
  /** Where the next page starts; null once the last page is in. */
  cursor: string | null
  started: boolean
}

/** Residents of the admin's area, masked, a page at a time. */
export default function ResidentsPage() {
  const user = useCurrentUser()
  const areaId = user?.area?.id ?? null
  const [list, setList] = useState<ListState>({ items: [], cursor: null, started: false })
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const busy = useRef(false)

  const loadPage = useCallback(
    async (cursor: string | null) => {
      if (areaId === null || busy.current) return
      busy.current = true
      setLoading(true)
      setError(null)
      try {
        const page = await listResidents(areaId, cursor)
        setList((current) => ({
          items: cursor ? [...current.items, ...page.items] : page.items,
          cursor: page.nextCursor,
          started: true
        }))
      } catch (failure) {
        setError(toApiError(failure))
      } finally {
        busy.current = false
        setLoading(false)
      }
    },
    [areaId]
  )

  useEffect(() => {
    void loadPage(null)
  }, [loadPage])

  const more = () => {
    if (list.cursor) void loadPage(list.cursor)
  }
  useReachBottom(more)

  if (!user || !isAdmin(user) || areaId === null) {
    return (
      <PageShell className='residents-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  return (
    <PageShell className='residents-page'>
      <View className='residents-page__title'>{user.area?.name}的居民</View>
      <View className='muted residents-page__note'>姓名、手机号、身份证号都已隐去部分，只用于核对。</View>

      <View id='residents-list'>
        {list.items.map((resident) => (
          <ResidentCard key={resident.userId} resident={resident} />
        ))}
      </View>

      {error ? <ErrorNotice error={error} onRetry={() => void loadPage(list.started ? list.cursor : null)} /> : null}
      {loading ? <LoadingNotice /> : null}

      {list.started && !list.items.length && !error ? (
        <EmptyNotice id='residents-empty' text='这个地区还没有居民填写信息。居民在小程序里填好基本信息后会出现在这里。' />
      ) : null}

      {list.cursor && !loading && !error ? (
        <Button id='residents-more' block fill='outline' size='large' onClick={more}>
          加载更多
        </Button>
      ) : null}
      {list.started && list.items.length && !list.cursor ? (
        <View className='muted residents-page__end' id='residents-end'>
          已经全部显示，共 {list.items.length} 人。
        </View>
      ) : null}
    </PageShell>
  )
}
