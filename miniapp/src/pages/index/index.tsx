import Taro, { useDidShow, useLoad, usePullDownRefresh } from '@tarojs/taro'
import { CATEGORY_LABELS, Category, Highlight, Role } from '@lp/shared'
import { useEffect, useMemo, useState } from 'react'
import CampaignBanners from '../../components/CampaignBanners'
import CheckInEntry from '../../components/CheckInEntry'
import ChipGroup from '../../components/ChipGroup'
import EmptyNotice from '../../components/EmptyNotice'
import ElderModeSwitch from '../../components/ElderModeSwitch'
import EntryTiles, { type EntryTile } from '../../components/EntryTiles'
import ErrorNotice from '../../components/ErrorNotice'
import GreetingCard from '../../components/GreetingCard'
import LoadingNotice from '../../components/LoadingNotice'
import OfferingList from '../../components/OfferingList'
import PageShell from '../../components/PageShell'
import SchoolList from '../../components/SchoolList'
import Section from '../../components/Section'
import VenueList from '../../components/VenueList'
import { rankVenues } from '../../components/VenueList/rank'
import { useLoader } from '../../hooks/useLoader'
import { pendingCheckIn } from '../../services/check-ins'
import { NEARBY_COUNT, homeData } from '../../services/home-head-start'
import { listOfferings } from '../../services/offerings'
import { listSchools, listVenues } from '../../services/places'
import { session, useCurrentUser } from '../../services/session'
import type { LatLng } from '../../utils/geo'
import { currentPosition } from '../../utils/location'
import { HIGHLIGHT_TAGS } from '../../utils/offering-text'
import { ROUTES, openPage } from '../../utils/routes'
import { withQuery } from '../../utils/url'
import { Button } from '../../ui/nutui'
import type { CurrentUser, ResidentProfile } from '../../services/api/types'
import './index.scss'

const NO_IDS: ReadonlySet<number> = new Set()
/** The performance mark set when 首页 first shows the greeting and its first cards. */
const HOME_READY_MARK = 'home-ready'
/** A few of each kind are asked for (HIGHLIGHTS_EACH); the soonest few are shown. */
const HIGHLIGHTS_SHOWN = 3

const ENTRIES: EntryTile[] = [
  { id: 'home-find', title: '找课程和活动', note: '按类别、时间、地点找', url: ROUTES.learnList },
  { id: 'home-circle', title: '30分钟学习圈', note: '走路、骑车能到的地方', url: ROUTES.learnCircle },
  { id: 'home-teachers', title: '师资库', note: '老师们擅长什么', url: ROUTES.learnTeachers },
  { id: 'home-enrollments', title: '我的报名', note: '报了哪些，什么时候去', url: ROUTES.learnEnrollments }
]

const HIGHLIGHT_LINKS = Object.values(Highlight).map((value) => ({ value, label: `看全部${HIGHLIGHT_TAGS[value]} ›` }))

const CATEGORY_OPTIONS = Object.values(Category).map((value) => ({ value, label: CATEGORY_LABELS[value] }))

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
  // Back from signing in or filling in the profile with a scan still waiting: finish it.
  useDidShow(() => {
    const signedIn = session.user()
    if (signedIn?.role === Role.Resident && signedIn.profileBound && pendingCheckIn()) openPage(withQuery(ROUTES.learnCheckIn, { resume: 1 }))
  })
  const isResident = user?.role === Role.Resident
  const profile = useLoader(homeData.profile, [user?.id, user?.profileBound], isResident && !!user?.profileBound)
  // What lies below the first screen (venues, schools) is asked for once the first cards are up: on
  // a slow phone its calls and renders would otherwise hold them back.
  const [firstShown, setFirstShown] = useState(false)
  const venues = useLoader(() => listVenues(), [], firstShown)
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
  const schools = useLoader(() => listSchools(areaId), [scope?.key], firstShown && scope !== null)
  const homeVenues = useLoader(() => listVenues(areaId), [areaId], firstShown && areaId !== undefined && !locating && !position)

  // 就在附近: nearest first when the phone's position is known, else what is on in the resident's street.
  const nearbyStreet = isResident ? profile.data?.street ?? null : null
  const nearbyReady = !locating && (!isResident || !user?.profileBound || profile.data !== undefined || profile.error !== null)
  const nearbyKey = position ? `${position.latitude},${position.longitude}` : `street-${nearbyStreet?.id ?? 'all'}`
  const nearby = useLoader(
    () =>
      position
        ? listOfferings({ lat: position.latitude, lng: position.longitude, limit: NEARBY_COUNT })
        : homeData.nearbyOfStreet(nearbyStreet?.id),
    [nearbyKey],
    nearbyReady
  )
  const highlights = useLoader(homeData.highlights, [])

  // 首页 is usable once the greeting knows who is here and the first cards (活动周 and 就在附近) have
  // come: marked for the H5 loading benchmark (test/bench/h5.mjs), once per page load.
  const greeted = !isResident || !user?.profileBound || profile.data !== undefined || profile.error !== null
  const cardsShown = (highlights.data !== undefined || highlights.error !== null) && (nearby.data !== undefined || nearby.error !== null)
  useEffect(() => {
    if (!greeted || !cardsShown) return
    setFirstShown(true)
    if (process.env.TARO_ENV === 'h5' && !performance.getEntriesByName(HOME_READY_MARK).length) performance.mark(HOME_READY_MARK)
  }, [greeted, cardsShown])

  const ranked = useMemo(() => {
    const homeIds = homeVenues.data ? new Set(homeVenues.data.map((v) => v.id)) : NO_IDS
    return rankVenues(venues.data ?? [], position, homeIds)
  }, [venues.data, homeVenues.data, position])

  usePullDownRefresh(() => {
    highlights.reload()
    nearby.reload()
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

  const nearbyNote = position
    ? '按离您现在的位置由近到远排列。'
    : nearbyStreet
      ? `${nearbyStreet.name}近期的课程和活动。允许使用位置后，会按远近排列。`
      : '全区近期的课程和活动。允许使用位置后，会按远近排列。'
  const moreNearby = () =>
    openPage(position ? withQuery(ROUTES.learnList, { near: 1 }) : withQuery(ROUTES.learnList, { areaId: nearbyStreet?.id }))

  return (
    <PageShell className='home-page'>
      <GreetingCard user={user} profile={isResident ? profile.data : undefined} />

      <ElderModeSwitch id='home-elder-switch' />

      {!user || isResident ? <CheckInEntry /> : null}

      <EntryTiles id='home-entries' tiles={ENTRIES} />

      <CampaignBanners areaId={isResident ? (user?.homeStreetId ?? undefined) : user?.area?.id} ready={firstShown} />

      {highlights.error ? (
        <ErrorNotice error={highlights.error} onRetry={highlights.reload} />
      ) : highlights.data?.length ? (
        <Section id='home-highlights' title='活动周·开放日' note='全民终身学习活动周和社区教育开放日，最近的几场。'>
          <OfferingList offerings={highlights.data.slice(0, HIGHLIGHTS_SHOWN)} />
          <ChipGroup
            id='home-highlight-more'
            options={HIGHLIGHT_LINKS}
            kind='action'
            isOn={() => false}
            onTap={(highlight) => openPage(withQuery(ROUTES.learnList, { highlight }))}
          />
        </Section>
      ) : null}

      <Section id='home-nearby' title='就在附近' note={nearbyNote}>
        {nearby.error ? (
          <ErrorNotice error={nearby.error} onRetry={nearby.reload} />
        ) : !nearby.data ? (
          <LoadingNotice />
        ) : nearby.data.items.length ? (
          <>
            <OfferingList offerings={nearby.data.items} />
            {nearby.data.nextCursor ? (
              <Button id='home-nearby-more' block fill='outline' size='large' onClick={moreNearby}>
                看更多课程和活动
              </Button>
            ) : null}
          </>
        ) : (
          <EmptyNotice
            id='home-nearby-empty'
            text={nearbyStreet && !position ? `${nearbyStreet.name}近期没有安排课程和活动。可以看看全区的。` : '近期还没有安排课程和活动。'}
            actionText={nearbyStreet && !position ? '看全区的' : undefined}
            onAction={() => openPage(ROUTES.learnList)}
          />
        )}
      </Section>

      <Section id='home-categories' title='按类别找' note='点一个类别，看这一类的课程和活动。'>
        <ChipGroup
          id='home-category'
          options={CATEGORY_OPTIONS}
          kind='action'
          isOn={() => false}
          onTap={(category) => openPage(withQuery(ROUTES.learnList, { category }))}
        />
      </Section>

      <Section id='home-venues' title='附近的学习场所' note={venueNote}>
        {venues.error ? (
          <ErrorNotice error={venues.error} onRetry={venues.reload} />
        ) : !venues.data ? (
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
        ) : !schools.data ? (
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
