import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { listTeachers } from '../../../../services/offerings'
import { ROUTES } from '../../../../utils/routes'
import { withQuery } from '../../../../utils/url'
import type { TeacherSummary } from '../../../../services/api/types'
import './index.scss'

function TeacherCard({ teacher }: { teacher: TeacherSummary }) {
  return (
    <View
      className='teacher-card card'
      id={`teacher-card-${teacher.id}`}
      role='button'
      onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.learnTeacher, { id: teacher.id }) })}
    >
      <View className='teacher-card__name'>
        {teacher.name}
        <View className='teacher-card__more'>›</View>
      </View>
      <View className='muted'>{teacher.schoolName}</View>
      {teacher.specialties.length ? <View className='teacher-card__specialties'>擅长：{teacher.specialties.join('、')}</View> : null}
    </View>
  )
}

/** 师资库: the district's teachers and what each is good at. */
export default function TeachersPage() {
  const teachers = useLoader(() => listTeachers(), [])
  return (
    <PageShell className='teachers-page'>
      <View className='muted teachers-page__note'>全区社区学校的老师。点名字可以看老师的介绍。</View>
      {teachers.error ? <ErrorNotice error={teachers.error} onRetry={teachers.reload} /> : null}
      {teachers.loading && !teachers.data ? <LoadingNotice /> : null}
      {teachers.data ? (
        teachers.data.length ? (
          <View id='teachers-list'>
            {teachers.data.map((teacher) => (
              <TeacherCard key={teacher.id} teacher={teacher} />
            ))}
          </View>
        ) : (
          <EmptyNotice id='teachers-empty' text='师资库里还没有老师。' />
        )
      ) : null}
    </PageShell>
  )
}
