import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { ROLE_LABELS, Role } from '@lp/shared'
import { useRef, useState } from 'react'
import ElderModeSwitch from '../../components/ElderModeSwitch'
import EmptyNotice from '../../components/EmptyNotice'
import ErrorNotice from '../../components/ErrorNotice'
import LinkRow from '../../components/LinkRow'
import LoadingNotice from '../../components/LoadingNotice'
import PageShell from '../../components/PageShell'
import PhoneVerifyButton from '../../components/PhoneVerifyButton'
import ProfileCard from '../../components/ProfileCard'
import WechatLinkButton from '../../components/WechatLinkButton'
import { useLoader } from '../../hooks/useLoader'
import { useActingChild } from '../../services/acting'
import { logout } from '../../services/auth'
import { listNotifications } from '../../services/notifications'
import { getMyProfile, verifyPhone } from '../../services/profile'
import { useCurrentUser } from '../../services/session'
import { tellDone, tellError } from '../../utils/feedback'
import { ROUTES, isAdmin, isTeacher } from '../../utils/routes'
import { Button } from '../../ui/nutui'
import type { CurrentUser } from '../../services/api/types'
import './index.scss'

function roleLine(user: CurrentUser): string {
  if (user.school) return `${ROLE_LABELS[user.role]} · ${user.school.name}`
  if (user.area) return `${ROLE_LABELS[user.role]} · ${user.area.name}`
  return ROLE_LABELS[user.role]
}

/** 我的: who I am, 长辈模式, the way to work pages for staff, and signing out. */
export default function MinePage() {
  const user = useCurrentUser()
  const actingFor = useActingChild()
  const isResident = user?.role === Role.Resident
  const profile = useLoader(getMyProfile, [user?.id, user?.profileBound], isResident && !!user?.profileBound)
  const [leaving, setLeaving] = useState(false)
  const [verifying, setVerifying] = useState(false)
  const bound = isResident && !!user?.profileBound
  const messages = useLoader(listNotifications, [user?.id], bound)
  const unread = (messages.data ?? []).filter((m) => !m.read).length
  // A tab page stays alive: coming back from 消息 must show the new count.
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current && bound) messages.reload()
    shownOnce.current = true
  })

  const verify = async (code: string) => {
    setVerifying(true)
    try {
      await verifyPhone(code)
      tellDone('手机号已验证')
      profile.reload()
    } catch (error) {
      tellError(error)
    } finally {
      setVerifying(false)
    }
  }

  const signOut = async () => {
    setLeaving(true)
    try {
      await logout()
    } catch (error) {
      // Already signed out on this phone; the message says the server did not hear it.
      tellError(error)
    } finally {
      setLeaving(false)
      void Taro.reLaunch({ url: ROUTES.login })
    }
  }

  return (
    <PageShell className='mine-page'>
      {user ? (
        <View className='card mine-page__who' id='mine-who'>
          <View className='mine-page__name'>{user.displayName}</View>
          <View className='muted'>{roleLine(user)}</View>
        </View>
      ) : (
        <EmptyNotice
          id='mine-login'
          text='您还没有登录。'
          actionText='登录'
          onAction={() => void Taro.navigateTo({ url: ROUTES.login })}
        />
      )}

      {bound ? (
        <View className='card' id='mine-learning'>
          <LinkRow
            id='mine-enrollments'
            title='我的报名'
            note='报名了哪些课程和活动'
            onTap={() => void Taro.navigateTo({ url: ROUTES.learnEnrollments })}
          />
          <LinkRow
            id='mine-notifications'
            title='消息'
            note={unread ? `有 ${unread} 条新消息` : '课程和活动有变动时会告诉您'}
            badge={unread}
            onTap={() => void Taro.navigateTo({ url: ROUTES.learnNotifications })}
          />
          <LinkRow
            id='mine-volunteer'
            title='我当志愿者'
            note='报名入册，看看参加过的服务'
            onTap={() => void Taro.navigateTo({ url: ROUTES.learnVolunteer })}
          />
          <LinkRow
            id='mine-nominations'
            title='我的评选'
            note='百姓学习之星：推荐我的要我同意，也可以自荐'
            onTap={() => void Taro.navigateTo({ url: ROUTES.learnNominations })}
          />
          <LinkRow
            id='mine-organisations'
            title='学习型家庭和社团'
            note='申请创建，看看认定了没有'
            onTap={() => void Taro.navigateTo({ url: ROUTES.learnOrganisations })}
          />
          <LinkRow
            id='mine-learner-code'
            title='我的学习码'
            note='没有智能手机时，给老师扫一扫就能签到'
            onTap={() => void Taro.navigateTo({ url: ROUTES.learnLearnerCode })}
          />
        </View>
      ) : null}

      {bound ? (
        <View className='card' id='mine-rights'>
          <LinkRow
            id='mine-my-data'
            title='我的数据'
            note='平台保存了您哪些信息，可以下载一份'
            onTap={() => void Taro.navigateTo({ url: ROUTES.learnMyData })}
          />
          <LinkRow
            id='mine-children'
            title='我的孩子'
            note={actingFor ? `正在为 ${actingFor.name} 操作` : '添加不满14周岁的孩子，为孩子报名、签到'}
            onTap={() => void Taro.navigateTo({ url: ROUTES.learnChildren })}
          />
          <LinkRow
            id='mine-access-log'
            title='谁看过我的信息'
            note='老师和管理员每次查看您的信息都有记录'
            onTap={() => void Taro.navigateTo({ url: ROUTES.learnAccessLog })}
          />
          <LinkRow
            id='mine-close-account'
            title='注销账户'
            note='永久删除您的个人信息，无法恢复'
            onTap={() => void Taro.navigateTo({ url: ROUTES.learnCloseAccount })}
          />
        </View>
      ) : null}

      {isResident && user && !user.profileBound ? (
        <>
          <EmptyNotice
            text='还没有填写您的基本信息。'
            actionText='去填写'
            onAction={() => void Taro.navigateTo({ url: ROUTES.bind })}
          />
          <View className='card'>
            <LinkRow
              id='mine-handover'
              title='接收家长给我的账户'
              note='满14周岁了？输入家长给您的交接码，以前的学习记录和学分都在'
              onTap={() => void Taro.navigateTo({ url: ROUTES.learnHandover })}
            />
          </View>
        </>
      ) : null}
      {isResident && user?.profileBound ? (
        profile.error ? (
          <ErrorNotice error={profile.error} onRetry={profile.reload} />
        ) : profile.data ? (
          <>
            <ProfileCard id='mine-profile' title='我的信息' profile={profile.data} full />
            {profile.data.phoneMasked === null ? (
              <View className='mine-page__phone-lost card' id='mine-phone-lost'>
                您填写的手机号已由机主本人在微信里验证过，已从您的账号上取消。请验证您自己的手机号。
              </View>
            ) : null}
            {profile.data.phoneVerified ? null : (
              <PhoneVerifyButton id='mine-phone-verify' text='用微信验证我的手机号' loading={verifying} onCode={(code) => void verify(code)} />
            )}
          </>
        ) : (
          <LoadingNotice />
        )
      ) : null}

      <ElderModeSwitch id='mine-elder-switch' />

      {isTeacher(user) ? (
        <View className='button-row'>
          <Button id='mine-teacher' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.teacherHome })}>
            教师工作台
          </Button>
        </View>
      ) : null}
      {isAdmin(user) ? (
        <View className='button-row'>
          <Button id='mine-admin' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminHome })}>
            管理后台
          </Button>
        </View>
      ) : null}

      {isTeacher(user) || isAdmin(user) ? (
        <View className='button-row'>
          <Button id='mine-password' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.password })}>
            修改密码
          </Button>
        </View>
      ) : null}

      {user ? (
        <>
          <View className='mine-page__gap' />
          <WechatLinkButton />
          <View className='button-row'>
            <Button id='mine-logout' size='large' block loading={leaving} onClick={signOut}>
              退出登录
            </Button>
          </View>
        </>
      ) : null}
    </PageShell>
  )
}
