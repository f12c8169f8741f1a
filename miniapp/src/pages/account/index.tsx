import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Role } from '@lp/shared'
import EmptyNotice from '../../components/EmptyNotice'
import ErrorNotice from '../../components/ErrorNotice'
import LinkRow from '../../components/LinkRow'
import LoadingNotice from '../../components/LoadingNotice'
import PageShell from '../../components/PageShell'
import ProfileCard from '../../components/ProfileCard'
import Section from '../../components/Section'
import { useLoader } from '../../hooks/useLoader'
import { getMyProfile } from '../../services/profile'
import { useCurrentUser } from '../../services/session'
import { ROUTES } from '../../utils/routes'
import './index.scss'

/** 学习账户: whose account it is and, for now, the honest news that nothing is recorded yet. */
export default function AccountPage() {
  const user = useCurrentUser()
  const isResident = user?.role === Role.Resident
  const profile = useLoader(getMyProfile, [user?.id, user?.profileBound], isResident && !!user?.profileBound)

  if (!user) {
    return (
      <PageShell className='account-page'>
        <EmptyNotice
          id='account-login'
          text='登录后可以查看您的学习账户。'
          actionText='登录'
          onAction={() => void Taro.navigateTo({ url: ROUTES.login })}
        />
      </PageShell>
    )
  }

  if (!isResident) {
    return (
      <PageShell className='account-page'>
        <EmptyNotice text='学习账户记录居民的学时和学分。您现在用的是教师或管理员账号，没有学习账户。' />
      </PageShell>
    )
  }

  if (!user.profileBound || profile.data === null) {
    return (
      <PageShell className='account-page'>
        <EmptyNotice
          id='account-bind'
          text='请先填一次您的姓名和所在社区，学习账户就会开通。'
          actionText='去填写'
          onAction={() => void Taro.navigateTo({ url: ROUTES.bind })}
        />
      </PageShell>
    )
  }

  return (
    <PageShell className='account-page'>
      {profile.error ? (
        <ErrorNotice error={profile.error} onRetry={profile.reload} />
      ) : profile.data ? (
        <ProfileCard id='account-holder' title='账户本人' profile={profile.data} />
      ) : (
        <LoadingNotice />
      )}
      <View className='card'>
        <LinkRow
          id='account-enrollments'
          title='我的报名'
          note='报名了哪些课程和活动，什么时候上课'
          onTap={() => void Taro.navigateTo({ url: ROUTES.learnEnrollments })}
        />
      </View>
      <Section title='学习记录'>
        <EmptyNotice id='account-empty' text='还没有学习记录。参加课程签到后，学时会记在这里。' />
      </Section>
    </PageShell>
  )
}
