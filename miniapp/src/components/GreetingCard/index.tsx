import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Role } from '@lp/shared'
import { ROUTES, isAdmin } from '../../utils/routes'
import { Button } from '../../ui/nutui'
import type { CurrentUser, ResidentProfile } from '../../services/api/types'
import './index.scss'

interface Props {
  user: CurrentUser | null
  /** The resident's bound profile; undefined while loading or for other roles. */
  profile: ResidentProfile | null | undefined
}

interface Greeting {
  title: string
  lines: string[]
  action?: { id: string; text: string; url: string }
}

function greetingFor(user: CurrentUser | null, profile: ResidentProfile | null | undefined): Greeting {
  if (!user) {
    return {
      title: '您好！',
      lines: ['登录后，这里会显示您所在的社区和身边的社区学校。'],
      action: { id: 'home-login', text: '登录', url: ROUTES.login }
    }
  }
  if (user.role === Role.Resident) {
    if (!user.profileBound || profile === null) {
      return {
        title: '您好！',
        lines: ['请先填一次您的姓名和所在社区，就能看到身边的学习场所和社区学校。'],
        action: { id: 'home-bind', text: '去填写', url: ROUTES.bind }
      }
    }
    return {
      title: `${profile?.realName ?? user.displayName}，您好！`,
      lines: profile ? [`${profile.street.name} · ${profile.community.name}`] : []
    }
  }
  if (user.role === Role.Teacher) {
    return {
      title: `${user.displayName}，您好！`,
      lines: user.school ? [user.school.name] : [],
      action: { id: 'home-teacher', text: '进入教师工作台', url: ROUTES.teacherHome }
    }
  }
  return {
    title: `${user.displayName}，您好！`,
    lines: user.area ? [`管理范围：${user.area.name}`] : [],
    action: isAdmin(user) ? { id: 'home-admin', text: '进入管理后台', url: ROUTES.adminHome } : undefined
  }
}

/** The first thing on 首页: who is here and, if something is missing, the one step to take. */
export default function GreetingCard({ user, profile }: Props) {
  const greeting = greetingFor(user, profile)
  return (
    <View className='greeting-card card' id='home-greeting'>
      <View className='greeting-card__title' role='heading' aria-level={1}>{greeting.title}</View>
      {greeting.lines.map((line) => (
        <View key={line} className='greeting-card__line'>
          {line}
        </View>
      ))}
      {greeting.action ? (
        <View className='button-row'>
          <Button
            id={greeting.action.id}
            type='primary'
            size='large'
            block
            onClick={() => {
              const url = greeting.action?.url ?? ROUTES.home
              void Taro.navigateTo({ url })
            }}
          >
            {greeting.action.text}
          </Button>
        </View>
      ) : null}
    </View>
  )
}
