import Taro, { useLoad, usePullDownRefresh } from '@tarojs/taro'
import { Role, type CurrentUser, type ResidentProfile } from '@lp/shared'
import { useEffect, useMemo, useState } from 'react'
import EmptyNotice from '../../components/EmptyNotice'
import ErrorNotice from '../../components/ErrorNotice'
import GreetingCard from '../../components/GreetingCard'
import LoadingNotice from '../../components/LoadingNotice'
import PageShell from '../../components/PageShell'
import SchoolList from '../../components/SchoolList'
import Section from '../../components/Section'
import VenueList from '../../components/VenueList'
import { rankVenues } from '../../components/VenueList/rank'
import { useLoader } from '../../hooks/useLoader'
import { listSchools, listVenues } from '../../services/places'
import { getMyProfile } from '../../services/profile'
import { session, useCurrentUser } from '../../services/session'
import type { LatLng } from '../../utils/geo'
import { currentPosition } from '../../utils/location'
import { ROUTES } from '../../utils/routes'
import './index.scss'

const NO_IDS: ReadonlySet<number> = new Set()

interface SchoolScope {
  key: string
  areaId: number | undefined
  name: string
}

/** Residents see their street, admins their area, teachers the whole district; null until we know. */
function schoolScope(user: CurrentUser | null, profile: ResidentProfile | null | undefined): SchoolScope | null {
  if (!user) return null
  if (user.role === Role.Resident) {
    return profile ? { key: `street-${profile.street.id}`, areaId: profile.street.id, name: profile.street.name } : null
  }
  if (user.area) return { key: `area-${user.area.id}`, areaId: user.area.id, name: user.area.name }
  return { key: 'district', areaId: undefined, name: '全区' }
}

export default function HomePage() {
  const user = useCurrentUser()

  // The browser version serves staff and demo visitors, who come to sign in; in WeChat a
  // resident may look around first and sign in from the greeting card.
  useLoad(() => {
    if (process.env.TARO_ENV === 'h5' && !session.user()) void Taro.reLaunch({ url: ROUTES.login })
  })
  const isResident = user?.role === Role.Resident
  const profile = useLoader(getMyProfile, [user?.id, user?.profileBound], isResident && !!user?.profileBound)
  const venues = useLoader(() => listVenues(), [])
  const [position, setPosition] = useState<LatLng | null>(null)
  const [locating, setLocating] = useState(true)

  useEffect(() => {
    void currentPosition().then((found) => {
      setPosition(found)
      setLocating(false)
    })
  }, [])

  // Whose schools to list, and whose venues come first while the position is unknown.
  const scope = schoolScope(user, profile.data)
  const areaId = scope?.areaId
  const schools = useLoader(() => listSchools(areaId), [scope?.key], scope !== null)
  const homeVenues = useLoader(() => listVenues(areaId), [areaId], areaId !== undefined && !locating && !position)

  const ranked = useMemo(() => {
    const homeIds = homeVenues.data ? new Set(homeVenues.data.map((v) => v.id)) : NO_IDS
    return rankVenues(venues.data ?? [], position, homeIds)
  }, [venues.data, homeVenues.data, position])

  usePullDownRefresh(() => {
    profile.reload()
    venues.reload()
    schools.reload()
    void Taro.stopPullDownRefresh()
  })

  const venueNote = position
    ? '按离您现在的位置由近到远排列。'
    : areaId !== undefined
      ? `${scope?.name ?? ''}的场所排在前面。允许使用位置后，会按远近排列。`
      : '允许使用位置后，会按远近排列。'

  return (
    <PageShell className='home-page'>
      <GreetingCard user={user} profile={isResident ? profile.data : undefined} />

      <Section id='home-venues' title='附近的学习场所' note={venueNote}>
        {venues.error ? (
          <ErrorNotice error={venues.error} onRetry={venues.reload} />
        ) : venues.loading && !venues.data ? (
          <LoadingNotice />
        ) : ranked.length ? (
          <VenueList venues={ranked} />
        ) : (
          <EmptyNotice text='还没有登记学习场所。场所登记后会显示在这里。' />
        )}
      </Section>

      {profile.error ? <ErrorNotice error={profile.error} onRetry={profile.reload} /> : null}

      <Section id='home-schools' title='社区学校' note={scope ? `${scope.name}的社区学校。` : undefined}>
        {scope === null && isResident && user?.profileBound ? (
          profile.loading ? <LoadingNotice /> : null
        ) : scope === null ? (
          <EmptyNotice
            text={user ? '填好所在社区后，这里会列出您所在街道的社区学校。' : '登录并填好所在社区后，这里会列出您身边的社区学校。'}
            actionText={user ? '去填写' : '登录'}
            onAction={() => void Taro.navigateTo({ url: user ? ROUTES.bind : ROUTES.login })}
          />
        ) : schools.error ? (
          <ErrorNotice error={schools.error} onRetry={schools.reload} />
        ) : schools.loading && !schools.data ? (
          <LoadingNotice />
        ) : schools.data?.length ? (
          <SchoolList schools={schools.data} />
        ) : (
          <EmptyNotice text={`${scope.name}还没有登记社区学校。`} />
        )}
      </Section>
    </PageShell>
  )
}
