import { Text, View } from '@tarojs/components'
import { PRIVACY_TEXT_VERSION } from '@lp/shared'
import { Button } from '../../ui/nutui'
import { PRIVACY_AGREE_BUTTON_ID, answerPrivacyRequest, openPrivacyText, usePrivacyRequest } from '../../utils/privacy'
import './index.scss'

/**
 * WeChat's question "do you agree to the 用户隐私保护指引?", asked in our own words when a feature
 * first needs location, a photo or file, the clipboard or the phone number. Shown only while
 * WeChat waits for the answer (mini program only).
 */
export default function PrivacyPopup() {
  const asked = usePrivacyRequest()
  if (!asked) return null
  return (
    <View className='privacy-popup' id='privacy-popup'>
      <View className='privacy-popup__sheet' role='dialog' aria-modal='true' aria-labelledby='privacy-popup-title'>
        <View className='privacy-popup__title' id='privacy-popup-title'>
          请您先看一下隐私说明
        </View>
        <View className='privacy-popup__text'>
          您同意后，小程序才会用到：您的位置（找附近的课程、签到时确认您在现场），您选的照片和文件（申请学分认定），复制的内容，以及您的手机号（确认是您本人）。这些只用来为您办事。
        </View>
        <Text className='privacy-popup__link' id='privacy-popup-full-text' onClick={openPrivacyText}>
          看完整的《用户隐私保护指引》
        </Text>
        <View className='privacy-popup__version' id='privacy-popup-version'>
          隐私说明版本 {PRIVACY_TEXT_VERSION}
        </View>
        <Button
          id={PRIVACY_AGREE_BUTTON_ID}
          className='privacy-popup__agree'
          type='primary'
          size='large'
          block
          openType='agreePrivacyAuthorization'
          onAgreePrivacyAuthorization={() => answerPrivacyRequest(true)}
        >
          同意
        </Button>
        <Button id='privacy-disagree' className='privacy-popup__disagree' size='large' block onClick={() => answerPrivacyRequest(false)}>
          不同意
        </Button>
      </View>
    </View>
  )
}
