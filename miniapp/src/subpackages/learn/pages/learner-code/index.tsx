import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Role } from '@lp/shared'
import { useRef, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import QrCode from '../../../../components/QrCode'
import { useLoader } from '../../../../hooks/useLoader'
import { getLearnerCode } from '../../../../services/check-ins'
import { useCurrentUser } from '../../../../services/session'
import { tellDone, tellError } from '../../../../utils/feedback'
import { ROUTES } from '../../../../utils/routes'
import { Button } from '../../../../ui/nutui'
import './index.scss'

const IN_WECHAT = process.env.TARO_ENV === 'weapp'

/** 我的学习码: shown or printed on paper, a teacher scans it to check in a resident without a smartphone. */
export default function LearnerCodePage() {
  const user = useCurrentUser()
  const bound = user?.role === Role.Resident && user.profileBound
  const code = useLoader(getLearnerCode, [user?.id], bound)
  const canvas = useRef<Taro.Canvas | null>(null)
  const [saving, setSaving] = useState(false)
  const keepCanvas = (drawn: Taro.Canvas) => {
    canvas.current = drawn
  }

  if (!bound) {
    return (
      <PageShell className='learner-code'>
        <EmptyNotice text='登录并填好基本信息后，这里会有您自己的学习码。' actionText='去填写' onAction={() => void Taro.navigateTo({ url: ROUTES.bind })} />
      </PageShell>
    )
  }

  // WeChat: the drawn code goes to the photo album, to print or show from there.
  const save = async () => {
    if (!canvas.current) return
    setSaving(true)
    try {
      const { tempFilePath } = await Taro.canvasToTempFilePath({ canvas: canvas.current })
      await Taro.saveImageToPhotosAlbum({ filePath: tempFilePath })
      tellDone('已存到相册')
    } catch (error) {
      tellError(error)
    } finally {
      setSaving(false)
    }
  }

  return (
    <PageShell className='learner-code'>
      {code.error ? <ErrorNotice error={code.error} onRetry={code.reload} /> : null}
      {!code.data ? (
        code.loading ? <LoadingNotice /> : null
      ) : (
        <View className='card learner-code__sheet' id='learner-code'>
          <View className='learner-code__name' id='learner-code-name'>
            {code.data.name}
          </View>
          <View className='learner-code__what'>学习码</View>
          <QrCode id='learner-code-qr' label='我的学习码，给老师扫一扫就能签到' className='learner-code__qr' text={code.data.content} onDrawn={keepCanvas} />
          <View className='learner-code__note'>没有智能手机时，把这个码给老师扫一扫就能签到</View>
        </View>
      )}
      {code.data ? (
        <View className='learner-code__actions'>
          {IN_WECHAT ? (
            <Button id='learner-code-save' type='primary' size='large' block loading={saving} onClick={() => void save()}>
              存到相册（可以打印出来）
            </Button>
          ) : (
            <Button id='learner-code-print' type='primary' size='large' block onClick={() => window.print()}>
              打印
            </Button>
          )}
          <View className='muted learner-code__privacy'>学习码只用来签到，请自己保管好。</View>
        </View>
      ) : null}
    </PageShell>
  )
}
