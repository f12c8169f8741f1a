import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { SCHOOL_TYPE_LABELS } from '@lp/shared'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import VenueList from '../../../../components/VenueList'
import WechatLinkButton from '../../../../components/WechatLinkButton'
import { useLoader } from '../../../../hooks/useLoader'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isTeacher } from '../../../../utils/routes'
import { Button } from '../../../../ui/nutui'
import TodaySessions from '../../components/TodaySessions'
import { loadSchoolPlaces } from '../../school-places'
import './index.scss'

export default function TeacherHomePage() {
  const user = useCurrentUser()
  const schoolId = user?.school?.id ?? null
  const places = useLoader(() => loadSchoolPlaces(schoolId ?? 0), [schoolId], schoolId !== null)

  if (!user || !isTeacher(user)) {
    return (
      <PageShell className='teacher-home'>
        <EmptyNotice
          text='这里是教师工作台，请用教师账号登录。'
          actionText='去登录'
          onAction={() => void Taro.reLaunch({ url: ROUTES.login })}
        />
      </PageShell>
    )
  }

  const school = places.data?.school ?? null
  return (
    <PageShell className='teacher-home'>
      <View className='card' id='teacher-who'>
        <View className='teacher-home__name'>{user.displayName}，您好！</View>
        {user.school ? (
          <View className='teacher-home__school'>{user.school.name}</View>
        ) : (
          <View className='muted'>您的账号还没有归属学校，请联系管理员设置。</View>
        )}
      </View>

      {user.school ? <TodaySessions /> : null}

      {user.school ? (
        <View className='card' id='teacher-work'>
          <View className='card__title'>课程和活动</View>
          <View className='muted'>写好后提交审核，管理员通过后居民就能看到并报名。</View>
          <View className='button-row'>
            <Button
              id='teacher-new-offering'
              type='primary'
              size='large'
              block
              onClick={() => void Taro.navigateTo({ url: ROUTES.teacherOfferingForm })}
            >
              发布新的课程或活动
            </Button>
          </View>
          <View className='button-row'>
            <Button id='teacher-offerings' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.teacherOfferings })}>
              我的课程和活动
            </Button>
          </View>
          <View className='button-row'>
            <Button id='teacher-profile-edit' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.teacherProfile })}>
              我的资料（师资库）
            </Button>
          </View>
          <View className='button-row'>
            <Button id='teacher-nominate' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.learnNominate })}>
              推荐学员评百姓学习之星
            </Button>
          </View>
        </View>
      ) : null}

      {places.error ? <ErrorNotice error={places.error} onRetry={places.reload} /> : null}
      {places.loading ? <LoadingNotice /> : null}

      {places.data && !school && user.school ? (
        <EmptyNotice text='没有查到您学校的登记信息，请联系管理员核对。' />
      ) : null}

      {school ? (
        <View className='card' id='teacher-school'>
          <View className='card__title'>学校信息</View>
          <InfoRow label='类型' value={SCHOOL_TYPE_LABELS[school.type]} />
          <InfoRow label='所在地区' value={school.area.name} />
          <InfoRow label='地址' value={school.address ?? '还没有登记地址'} />
        </View>
      ) : null}

      {school ? (
        <Section id='teacher-venues' title='学校场地' note={`${school.area.name}的学习场所，本校的排在前面。`}>
          {places.data?.venues.length ? (
            <VenueList
              venues={places.data.venues.map((venue) => ({ venue, distance: null }))}
              tagOf={({ venue }) => (venue.schoolId === school.id ? '本校' : null)}
            />
          ) : (
            <EmptyNotice text='学校所在地区还没有登记场地。请联系管理员在场地库里登记。' />
          )}
        </Section>
      ) : null}

      <View className='teacher-home__gap' />
      <WechatLinkButton />
    </PageShell>
  )
}
