import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { Role } from '@lp/shared'
import { useRef } from 'react'
import { CertificationList, ConversionList } from '../../components/CreditOutcomes'
import EmptyNotice from '../../components/EmptyNotice'
import ErrorNotice from '../../components/ErrorNotice'
import LearningRecordRow from '../../components/LearningRecordRow'
import LinkRow from '../../components/LinkRow'
import LoadingNotice from '../../components/LoadingNotice'
import PageShell from '../../components/PageShell'
import ProfileCard from '../../components/ProfileCard'
import { useLoader } from '../../hooks/useLoader'
import { useActingChild } from '../../services/acting'
import { getLearningAccount } from '../../services/credit'
import { getMyProfile } from '../../services/profile'
import { useCurrentUser } from '../../services/session'
import { ROUTES } from '../../utils/routes'
import AccountTotals from './AccountTotals'
import CategoryBars from './CategoryBars'
import RankingCard from './RankingCard'
import './index.scss'

const go = (url: string) => () => void Taro.navigateTo({ url })

/** 学习账户: balance, hours and credits this year and in all, by category, the recent history and what came of it. */
export default function AccountPage() {
  const user = useCurrentUser()
  const isResident = user?.role === Role.Resident
  const bound = isResident && !!user?.profileBound
  // a guardian switching to a child (or back) sees the other account at once: the tab page stays alive
  const actingFor = useActingChild()?.id
  const profile = useLoader(getMyProfile, [user?.id, user?.profileBound, actingFor], bound)
  const account = useLoader(getLearningAccount, [user?.id, user?.profileBound, actingFor], bound)

  // A tab page stays alive: back from 学分认定 or 学分转换, the numbers must be today's.
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current && bound) account.reload()
    shownOnce.current = true
  })

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
        <View className='card'>
          <LinkRow id='account-rules' title='学分怎么算' note='各类学习多少学时记 1 学分，每年最多记多少' onTap={go(ROUTES.learnRules)} />
        </View>
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

  const view = account.data
  return (
    <PageShell className='account-page'>
      {profile.error ? (
        <ErrorNotice error={profile.error} onRetry={profile.reload} />
      ) : profile.data ? (
        <ProfileCard id='account-holder' title='账户本人' profile={profile.data} />
      ) : null}

      {account.error ? <ErrorNotice error={account.error} onRetry={account.reload} /> : null}
      {!view && !account.error ? <LoadingNotice /> : null}

      {view ? (
        <>
          <AccountTotals account={view} />
          <CategoryBars thisYear={view.thisYear.byCategory} allTime={view.allTime.byCategory} year={view.year} />
          <RankingCard ranking={view.ranking} onChanged={account.reload} />
        </>
      ) : null}

      <View className='card account-page__links'>
        <LinkRow id='account-certify' title='学分认定' note='有证书或获奖？交上来，审核通过就记学分' onTap={go(ROUTES.learnCertify)} />
        <LinkRow id='account-convert' title='学分转换' note='用学分换合作机构认可的课程免修等' onTap={go(ROUTES.learnConvert)} />
        <LinkRow id='account-transcripts' title='成绩单' note='开一份带验证码的学习证明' onTap={go(ROUTES.learnTranscripts)} />
        <LinkRow id='account-consents' title='授权查询' note='让合作机构查看您的学分，随时可以收回' onTap={go(ROUTES.learnConsents)} />
        <LinkRow id='account-rules' title='学分怎么算' note='各类学习多少学时记 1 学分，算一算' onTap={go(ROUTES.learnRules)} />
        <LinkRow id='account-enrollments' title='我的报名' note='报名了哪些课程和活动，什么时候上课' onTap={go(ROUTES.learnEnrollments)} />
      </View>

      {view ? (
        <>
          <View className='section account-page__history'>
            <View className='section__title'>最近的学习</View>
            {view.recent.length ? (
              <View className='card' id='account-records'>
                {view.recent.map((record) => (
                  <LearningRecordRow key={record.id} record={record} idPrefix='account-record' />
                ))}
                <LinkRow id='account-records-all' title='全部学习记录' onTap={go(ROUTES.learnRecords)} />
              </View>
            ) : (
              <EmptyNotice
                id='account-empty'
                text='还没有学习记录。参加课程签到、看微课，学时和学分就会记在这里。'
                actionText='去找课程和活动'
                onAction={go(ROUTES.learnList)}
              />
            )}
          </View>
          {view.certifications.length ? <CertificationList id='account-certifications' itemId='account-certification' items={view.certifications} /> : null}
          {view.conversions.length ? <ConversionList id='account-conversions' itemId='account-conversion' items={view.conversions} /> : null}
        </>
      ) : null}
    </PageShell>
  )
}
