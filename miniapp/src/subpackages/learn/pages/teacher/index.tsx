import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import InfoRow from '../../../../components/InfoRow'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { getTeacher } from '../../../../services/offerings'
import { textParam } from '../../../../utils/params'
import './index.scss'

/** One teacher's 师资库 entry: school, specialties and their own introduction. */
export default function TeacherProfilePage() {
  const { params } = useRouter()
  const id = textParam(params.id)
  const teacher = useLoader(() => getTeacher(id), [id], id !== '')

  if (!id) {
    return (
      <PageShell className='teacher-profile'>
        <EmptyNotice text='没有找到这位老师。' />
      </PageShell>
    )
  }
  return (
    <PageShell className='teacher-profile'>
      {teacher.error ? <ErrorNotice error={teacher.error} onRetry={teacher.reload} /> : null}
      {teacher.loading && !teacher.data ? <LoadingNotice /> : null}
      {teacher.data ? (
        <>
          <View className='card' id='teacher-profile'>
            <View className='teacher-profile__name'>{teacher.data.name}</View>
            <InfoRow label='学校' value={teacher.data.schoolName} />
            <InfoRow label='所在地区' value={teacher.data.area.name} />
            <InfoRow label='擅长' value={teacher.data.specialties.length ? teacher.data.specialties.join('、') : '还没有填写'} />
          </View>
          <View className='card' id='teacher-bio'>
            <View className='card__title'>老师介绍</View>
            {teacher.data.bio ? (
              <Text className='teacher-profile__bio' userSelect>
                {teacher.data.bio}
              </Text>
            ) : (
              <View className='muted'>老师还没有写介绍。</View>
            )}
          </View>
        </>
      ) : null}
    </PageShell>
  )
}
