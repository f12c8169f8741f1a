import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { SELECTION_KIND_NAMES } from '@lp/shared'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useAction } from '../../../../hooks/useAction'
import { useLoader } from '../../../../hooks/useLoader'
import type { NominationView } from '../../../../services/api/types'
import { answerNomination, listMyNominations } from '../../../../services/selections'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES } from '../../../../utils/routes'
import { CONSENT_LABELS, NOMINATION_STATUS_LABELS, NOMINATOR_LABELS } from '../../../../utils/selections'
import { Button } from '../../../../ui/nutui'
import ResidentOnly from '../../components/ResidentOnly'
import './index.scss'

/** What agreeing means, said before the resident answers. */
function WhatIsShown({ n }: { n: NominationView }) {
  return (
    <View className='my-nomination__shown' id={`my-nomination-${n.id}-shown`}>
      <View>如果您同意：</View>
      <View>· 评审人员会看到您评选那一年的学习记录（学了多少学时、多少次）和推荐人写的事迹、照片；</View>
      <View>· 如果入选，公示页面上会公开：您的姓名（只显示部分，如 王*英）、所在社区和下面的事迹。照片和学习记录不公开。</View>
      <View>如果不同意：推荐就撤回了，什么都不会给评审人员看，也不会公示。</View>
    </View>
  )
}

function NominationCard({ n, mine, onAnswered }: { n: NominationView; mine: boolean; onAnswered: () => void }) {
  const { busy, run } = useAction(onAnswered)
  const answer = (accept: boolean) => run(() => answerNomination(n.id, accept), accept ? '已同意' : '已谢绝')
  return (
    <View className='card my-nomination' id={`my-nomination-${n.id}`} data-consent={n.consent} data-status={n.status}>
      <View className='card__title'>{n.selectionTitle}</View>
      <View>
        {SELECTION_KIND_NAMES[n.kind]}：{n.nomineeName}（{n.community.name}）
      </View>
      <View>{NOMINATOR_LABELS[n.nominatorKind]}</View>
      <View className='my-nomination__story'>事迹：{n.story}</View>
      {n.awaitingMyConsent ? (
        <>
          <WhatIsShown n={n} />
          <View className='button-row'>
            <Button id={`my-nomination-${n.id}-accept`} type='primary' size='large' loading={busy} onClick={() => void answer(true)}>
              同意参加
            </Button>
            <Button id={`my-nomination-${n.id}-decline`} size='large' loading={busy} onClick={() => void answer(false)}>
              不参加
            </Button>
          </View>
        </>
      ) : (
        <View id={`my-nomination-${n.id}-state`}>
          {mine && n.consent !== 'not_needed' ? `${CONSENT_LABELS[n.consent]}，` : ''}
          {NOMINATION_STATUS_LABELS[n.status]}
          {n.rejectReason ? `：${n.rejectReason}` : ''}
        </View>
      )}
    </View>
  )
}

/** 我的评选: nominations naming the resident (to accept or decline) and those they made. */
export default function MyNominationsPage() {
  const user = useCurrentUser()
  const list = useLoader(listMyNominations, [user?.id], !!user?.profileBound)
  const aboutMe = list.data?.filter((n) => n.awaitingMyConsent !== undefined) ?? []
  const made = list.data?.filter((n) => n.awaitingMyConsent === undefined) ?? []
  return (
    <ResidentOnly className='nominations-page' what='查看评选'>
      <PageShell className='nominations-page'>
        <View className='muted nominations-page__intro'>
          百姓学习之星由社区、学校推荐或自荐。别人推荐您的，要您同意才会评审和公示。不想参加任何评选和排名的，可以在“学习账户”里关掉“参加本社区排名”。
        </View>
        {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
        {list.loading && !list.data ? <LoadingNotice /> : null}
        <Section id='my-nominations-about-me' title='推荐我的'>
          {list.data && !aboutMe.length ? <EmptyNotice id='my-nominations-none' text='还没有人推荐您。' /> : null}
          {aboutMe.map((n) => (
            <NominationCard key={n.id} n={n} mine onAnswered={list.reload} />
          ))}
        </Section>
        {made.length ? (
          <Section id='my-nominations-made' title='我推荐的'>
            {made.map((n) => (
              <NominationCard key={n.id} n={n} mine={false} onAnswered={list.reload} />
            ))}
          </Section>
        ) : null}
        <View className='button-row'>
          <Button id='my-nominations-nominate' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: ROUTES.learnNominate })}>
            自荐参加评选
          </Button>
        </View>
      </PageShell>
    </ResidentOnly>
  )
}
