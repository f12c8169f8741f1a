import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { TEACHER_PROFILE_LIMITS as LIMITS } from '@lp/shared'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import TextBox from '../../../../components/TextBox'
import { useLoader } from '../../../../hooks/useLoader'
import { getTeacher } from '../../../../services/offerings'
import { ApiError, toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { saveTeacherProfile } from '../../../../services/teaching'
import { tellDone } from '../../../../utils/feedback'
import { ROUTES, isTeacher } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import { Button, Input } from '../../../../ui/nutui'
import type { TeacherProfile } from '../../../../services/api/types'
import './index.scss'

/** Room for every specialty at its longest, each with a separator. */
const SPECIALTIES_TEXT_MAX = LIMITS.specialtiesMax * (LIMITS.specialtyMax + 1)

/** "书法、太极, 智能手机" → ["书法", "太极", "智能手机"]: any of the usual separators, no repeats. */
function splitSpecialties(text: string): string[] {
  const words = text
    .split(/[、,，;；\s]+/)
    .map((w) => w.trim())
    .filter(Boolean)
  return Array.from(new Set(words))
}

/** The teacher's own 师资库 entry, if there is one yet. */
async function loadOwn(id: string): Promise<TeacherProfile | null> {
  try {
    return await getTeacher(id)
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null
    throw error
  }
}

/** 我的资料: what residents read about the teacher in the 师资库. */
export default function TeacherProfileEditPage() {
  const user = useCurrentUser()
  const own = useLoader(() => loadOwn(user?.id ?? ''), [user?.id], isTeacher(user))

  if (!user || !isTeacher(user)) {
    return (
      <PageShell className='teacher-profile-edit'>
        <EmptyNotice text='请用教师账号登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  return (
    <PageShell className='teacher-profile-edit'>
      <View className='muted teacher-profile-edit__intro'>居民在“师资库”里看到的就是这些内容。</View>
      {own.error ? (
        <ErrorNotice error={own.error} onRetry={own.reload} />
      ) : own.data === undefined ? (
        <LoadingNotice />
      ) : (
        // Starts from what was loaded: inputs are never refilled after they appear.
        <ProfileEditor teacherId={user.id} initial={own.data} />
      )}
    </PageShell>
  )
}

function ProfileEditor({ teacherId, initial }: { teacherId: string; initial: TeacherProfile | null }) {
  const [specialties, setSpecialties] = useState(initial ? initial.specialties.join('、') : '')
  const [bio, setBio] = useState(initial?.bio ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  const [serverError, setServerError] = useState<ApiError | null>(null)
  const [saving, setSaving] = useState(false)

  const save = async () => {
    const words = splitSpecialties(specialties)
    if (words.length > LIMITS.specialtiesMax) {
      setProblem(`擅长的方面最多写 ${LIMITS.specialtiesMax} 个。`)
      return
    }
    if (words.some((word) => word.length > LIMITS.specialtyMax)) {
      setProblem(`每个擅长的方面最多 ${LIMITS.specialtyMax} 个字。`)
      return
    }
    setProblem(null)
    setServerError(null)
    setSaving(true)
    try {
      await saveTeacherProfile(words, bio.trim())
      tellDone('已保存')
    } catch (error) {
      setServerError(toApiError(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <>
      {serverError ? <ErrorNotice error={serverError} /> : null}
      <View className='card'>
        <FormField label='擅长' hint='几个词，用顿号隔开，例如：智能手机、短视频、反诈。' error={problem}>
          <Input id='teacher-profile-specialties' value={specialties} maxLength={SPECIALTIES_TEXT_MAX} placeholder='智能手机、书法' onChange={setSpecialties} />
        </FormField>
        <FormField label='介绍' hint='教过什么、有什么证书、上课的风格。'>
          <TextBox id='teacher-profile-bio' tall value={bio} maxLength={LIMITS.bioMax} placeholder='写几句自我介绍' onChange={setBio} />
        </FormField>
        <Button id='teacher-profile-save' type='primary' size='large' block loading={saving} onClick={save}>
          保存
        </Button>
        <View className='button-row'>
          <Button
            id='teacher-profile-preview'
            size='large'
            block
            onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.learnTeacher, { id: teacherId }) })}
          >
            看看居民看到的样子
          </Button>
        </View>
      </View>
    </>
  )
}
