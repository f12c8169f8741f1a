import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import PageShell from '../../../../components/PageShell'
import { closeMyAccount } from '../../../../services/rights'
import { tellError } from '../../../../utils/feedback'
import { ROUTES } from '../../../../utils/routes'
import { Button } from '../../../../ui/nutui'
import ResidentOnly from '../../components/ResidentOnly'
import './index.scss'

/** What closing takes away, said plainly: each line one thing the resident loses for good. */
const LOST = [
  '您的姓名、手机号、身份证号会永久删除，谁也看不到了，平台也恢复不了。',
  '签到时的位置、您上传的证书照片等材料会一起删除。',
  '已经开出的成绩单会作废，别人再查验会显示“已撤销”。',
  '您同意过的合作机构，再也查不到您的学分。',
  '所有手机上都会马上退出登录。以后用同一个微信登录，会是一个全新的账户，看不到以前的记录和学分。'
]

/** 注销账户 (《个人信息保护法》第47条): a clear warning, a tick, one more question, then the account is gone. */
export default function CloseAccountPage() {
  const [understood, setUnderstood] = useState(false)
  const [closing, setClosing] = useState(false)

  const close = async () => {
    const { confirm } = await Taro.showModal({
      title: '确定要注销吗？',
      content: '注销后您的个人信息会永久删除，无法恢复。',
      confirmText: '确定注销',
      cancelText: '再想想'
    })
    if (!confirm) return
    setClosing(true)
    try {
      await closeMyAccount()
      void Taro.reLaunch({ url: `${ROUTES.login}?closed=1` })
    } catch (error) {
      tellError(error)
      setClosing(false)
    }
  }

  return (
    <ResidentOnly className='close-account' what='注销账户'>
      <PageShell className='close-account'>
        <View className='card close-account__warning' id='close-account-warning'>
          <View className='close-account__title'>注销以后：</View>
          {LOST.map((line) => (
            <View key={line} className='close-account__item'>
              · {line}
            </View>
          ))}
        </View>
        <View className='card close-account__keep' id='close-account-keep'>
          您参加学习的次数和学时会保留在全区的统计里，但不再和您的名字对应。注销前，可以先到“我的数据”下载一份留着。
          <View className='button-row'>
            <Button id='close-account-my-data' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.learnMyData })}>
              先去下载我的数据
            </Button>
          </View>
        </View>
        <View className='close-account__confirm'>
          {/* a plain checkbox with its role and state (NutUI's writes aria-role, which no reader knows) */}
          <View
            id='close-account-understood'
            className={`close-account__tick${understood ? ' close-account__tick--on' : ''}`}
            role='checkbox'
            aria-checked={understood}
            onClick={() => setUnderstood(!understood)}
          >
            <View className='close-account__box'>{understood ? '✓' : ''}</View>
            <View>我已看清楚，知道注销后无法恢复</View>
          </View>
        </View>
        <View className='button-row'>
          <Button id='close-account-submit' type='danger' size='large' block disabled={!understood} loading={closing} onClick={() => void close()}>
            注销我的账户
          </Button>
        </View>
      </PageShell>
    </ResidentOnly>
  )
}
