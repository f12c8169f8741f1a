import Taro from '@tarojs/taro'
import { Role } from '@lp/shared'
import type { PropsWithChildren } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import PageShell from '../../../../components/PageShell'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES } from '../../../../utils/routes'

interface Props {
  className: string
  /** What the page is for, e.g. 提交学分认定. */
  what: string
}

/** The 学习账户 pages are a bound resident's own: anyone else is told how to get there. */
export default function ResidentOnly({ className, what, children }: PropsWithChildren<Props>) {
  const user = useCurrentUser()
  if (user?.role === Role.Resident && user.profileBound) return <>{children}</>
  const notice = !user
    ? { text: `登录后才能${what}。`, action: '登录', url: ROUTES.login }
    : user.role === Role.Resident
      ? { text: `请先填一次您的姓名和所在社区，就能${what}了。`, action: '去填写', url: ROUTES.bind }
      : { text: `只有居民账号能${what}。`, action: undefined, url: '' }
  return (
    <PageShell className={className}>
      <EmptyNotice
        id='resident-only'
        text={notice.text}
        actionText={notice.action}
        onAction={() => void Taro.navigateTo({ url: notice.url })}
      />
    </PageShell>
  )
}
