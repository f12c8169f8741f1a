import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { AREA_LEVEL_LABELS, AreaLevel, ROLE_LABELS } from '@lp/shared'
import { useRef } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import PageShell from '../../../../components/PageShell'
import WechatLinkButton from '../../../../components/WechatLinkButton'
import { useLoader } from '../../../../hooks/useLoader'
import { listCertifications } from '../../../../services/certifications'
import { listReviews } from '../../../../services/reviews'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { Button } from '../../../../ui/nutui'
import DashboardEntry from '../../components/DashboardEntry'
import './index.scss'

/** The admin's area and the work that can be done for it. */
export default function AdminHomePage() {
  const user = useCurrentUser()
  const reviews = useLoader(listReviews, [user?.id], isAdmin(user) && !!user?.area)
  const certifications = useLoader(() => listCertifications('pending'), [user?.id], isAdmin(user) && !!user?.area)
  const shownOnce = useRef(false)
  useDidShow(() => {
    if (shownOnce.current) {
      reviews.reload()
      certifications.reload()
    }
    shownOnce.current = true
  })

  if (!user || !isAdmin(user)) {
    return (
      <PageShell className='admin-home'>
        <EmptyNotice text='这里是管理后台，请用管理员账号登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  if (!user.area) {
    return (
      <PageShell className='admin-home'>
        <EmptyNotice text='您的账号还没有设置管理的地区，请联系区级管理员。' />
      </PageShell>
    )
  }

  return (
    <PageShell className='admin-home'>
      <View className='card' id='admin-who'>
        <View className='admin-home__name'>{user.displayName}，您好！</View>
        <View className='admin-home__area'>
          {ROLE_LABELS[user.role]} · {user.area.name}（{AREA_LEVEL_LABELS[user.area.level]}）
        </View>
      </View>

      <DashboardEntry areaId={user.area.id} />

      <View className='admin-home__entry card'>
        <View className='card__title'>课程活动审核</View>
        <View className='muted'>{user.area.name}的教师提交的课程和活动，通过后才会给居民看到。</View>
        {reviews.data?.length ? (
          <View className='admin-home__waiting' id='admin-reviews-waiting'>
            有 {reviews.data.length} 项等待审核
          </View>
        ) : null}
        <View className='button-row'>
          <Button id='admin-reviews' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminReviews })}>
            去审核
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>学分认定审核</View>
        <View className='muted'>居民交来的证书和获奖，核对证明材料后通过（记学分）或写明原因退回。</View>
        {certifications.data?.length ? (
          <View className='admin-home__waiting' id='admin-certifications-waiting'>
            有 {certifications.data.length} 份等待审核
          </View>
        ) : null}
        <View className='button-row'>
          <Button
            id='admin-certifications'
            type='primary'
            size='large'
            block
            onClick={() => void Taro.navigateTo({ url: ROUTES.adminCertifications })}
          >
            去审核认定
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>学习型组织</View>
        <View className='muted'>学习型机关、社区、家庭、社团等的登记、评估认定和年度复核；学习型社团的补助和活动。</View>
        <View className='button-row'>
          <Button id='admin-organisations' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminOrganisations })}>
            查看和认定
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>百姓学习之星和品牌项目评选</View>
        <View className='muted'>每年开展评选：收推荐、被推荐人同意后评审、公示、答复异议、确定最终名单。</View>
        <View className='button-row'>
          <Button id='admin-selections' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminSelections })}>
            开展和评审
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>学分规则</View>
        <View className='muted'>学分转换规则的各个版本：哪一版正在实行、从哪天起。区级管理员可以改规则，发布前看清改了什么、从哪天起生效。</View>
        <View className='button-row'>
          <Button id='admin-credit-rules' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminCreditRules })}>
            查看和修改学分规则
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>人口基础数据</View>
        <View className='muted'>各地区每年的常住人口和各类人群人数，是各项指标的分母。</View>
        <View className='button-row'>
          <Button id='admin-population' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminPopulation })}>
            查看和填写
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>居民名单</View>
        <View className='muted'>{user.area.name}已填写信息的居民，姓名、手机号、身份证号都已隐去部分。</View>
        <View className='button-row'>
          <Button id='admin-residents' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminResidents })}>
            查看名单
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>区域、学校和场地</View>
        <View className='muted'>{user.area.name}的街道和社区、各类学校、上课的场地：新增、修改、停用，或从表格导入。</View>
        <View className='button-row'>
          <Button id='admin-areas' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminAreas })}>
            街道和社区
          </Button>
          <Button id='admin-schools' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminSchools })}>
            学校
          </Button>
          <Button id='admin-venues' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminVenues })}>
            场地资源库
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>志愿者和成人教育工作者</View>
        <View className='muted'>志愿者入册、服务记录；专职、兼职工作者的名册和继续教育学时。</View>
        <View className='button-row'>
          <Button id='admin-registers-volunteers' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminRegistersVolunteers })}>
            志愿者名册
          </Button>
          <Button id='admin-registers-workers' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminRegistersWorkers })}>
            成人教育工作者
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>教师和管理员账号</View>
        <View className='muted'>开设教师和下级管理员的账号，重设密码，停用或启用，调整身份和单位。</View>
        <View className='button-row'>
          <Button id='admin-staff' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminStaff })}>
            管理账号
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>代签记录</View>
        <View className='muted'>老师替没有智能手机的居民签到，每一次都留有记录：谁、什么时候、为谁、怎样找到的。</View>
        <View className='button-row'>
          <Button id='admin-proxy-audit' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminProxyAudit })}>
            查看代签记录
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>个人信息查看记录</View>
        <View className='muted'>老师和管理员每次查看一位居民的个人信息都有记录：谁、什么时候、看了什么。</View>
        <View className='button-row'>
          <Button id='admin-access-log' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminAccessLog })}>
            查看记录
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>作废学习记录</View>
        <View className='muted'>录错的学习记录按编号找到，写明原因后作废，学分随之收回。</View>
        <View className='button-row'>
          <Button id='admin-record-void' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminRecordVoid })}>
            查找记录
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>撤销成绩单</View>
        <View className='muted'>成绩单出具有误或被冒用时，按编号或居民找到它，写明原因后撤销，核验时显示“已撤销”。</View>
        <View className='button-row'>
          <Button id='admin-transcript-revoke' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminTranscriptRevoke })}>
            查找成绩单
          </Button>
        </View>
      </View>

      <View className='admin-home__entry card'>
        <View className='card__title'>撤销学分转换</View>
        <View className='muted'>合作机构没能办理的学分转换，找到居民后撤销，学分退回居民的学习账户。</View>
        <View className='button-row'>
          <Button id='admin-conversion-reverse' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminConversionReverse })}>
            查找学分转换
          </Button>
        </View>
      </View>

      {user.area.level === AreaLevel.District ? (
        <View className='admin-home__entry card'>
          <View className='card__title'>合作机构与密钥</View>
          <View className='muted'>登记合作机构，发放、更换、停用它们的 API 密钥，管理学分转换项目。</View>
          <View className='button-row'>
            <Button id='admin-partners' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.adminPartners })}>
              管理合作机构
            </Button>
          </View>
        </View>
      ) : null}

      <WechatLinkButton />
    </PageShell>
  )
}
