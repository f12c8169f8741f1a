import { Image, View } from '@tarojs/components'
import { Picker } from '../../../../ui/rare/picker'
import Taro from '@tarojs/taro'
import { CATEGORY_LABELS, CERTIFICATION_LIMITS, CERTIFICATION_STATUS_LABELS, formatCredits, shanghaiDate } from '@lp/shared'
import { useEffect, useState } from 'react'
import { CertificationList } from '../../../../components/CreditOutcomes'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FilePickBox from '../../../../components/FilePickBox'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { useSubmit } from '../../../../hooks/useSubmit'
import {
  EVIDENCE_RULE,
  listAchievements,
  listMyCertifications,
  submitCertification,
  uploadEvidence
} from '../../../../services/certifications'
import { sizeText } from '../../../../services/files'
import { toApiError } from '../../../../services/request'
import { useCurrentUser } from '../../../../services/session'
import { tellDone } from '../../../../utils/feedback'
import { formatDay } from '../../../../utils/time'
import { Button, Input } from '../../../../ui/nutui'
import ResidentOnly from '../../components/ResidentOnly'
import { EvidenceProblem, type ChosenEvidence } from '../../../../utils/evidence-file'
import { EMPTY_CERTIFY_FORM, certifyProblems, type CertifyForm, type CertifyProblems } from './form'
import type { AchievementView, CertificationView, UploadedFile } from '../../../../services/api/types'
import './index.scss'

const IN_BROWSER = process.env.TARO_ENV === 'h5'

type UploadStep = 'idle' | 'reading' | 'uploading' | 'done' | 'failed'

interface Evidence {
  step: UploadStep
  chosen: ChosenEvidence | null
  uploaded: UploadedFile | null
  problem: string | null
}

const NO_EVIDENCE: Evidence = { step: 'idle', chosen: null, uploaded: null, problem: null }

const STEPS: { step: UploadStep; text: string }[] = [
  { step: 'reading', text: '读取文件' },
  { step: 'uploading', text: '上传' },
  { step: 'done', text: '已上传' }
]

function achievementText(a: AchievementView): string {
  return `${a.name}（${a.level}）`
}

const chineseDay = (date: string) => formatDay(`${date}T12:00:00+08:00`)

/** 学分认定: an external certificate or award with its evidence, sent for an admin of the resident's area to approve. */
export default function CertifyPage() {
  const user = useCurrentUser()
  const bound = !!user?.profileBound
  const achievements = useLoader(listAchievements, [user?.id], bound)
  const mine = useLoader(listMyCertifications, [user?.id], bound)
  const [form, setForm] = useState<CertifyForm>(EMPTY_CERTIFY_FORM)
  const [evidence, setEvidence] = useState<Evidence>(NO_EVIDENCE)
  const [problems, setProblems] = useState<CertifyProblems>({})
  const { sending, problem: refusal, submit: send, forget } = useSubmit()
  const [sent, setSent] = useState<CertificationView | null>(null)

  // A browser preview lives in memory until the next file replaces it or the page closes.
  useEffect(() => {
    const url = evidence.chosen?.previewUrl
    return () => {
      if (IN_BROWSER && url?.startsWith('blob:')) URL.revokeObjectURL(url)
    }
  }, [evidence.chosen])

  const update = (patch: Partial<CertifyForm>) => {
    setForm((current) => ({ ...current, ...patch }))
    forget()
  }

  /** Reads the file, checks it, shows it, and uploads it at once, so 提交 only sends the form. */
  const take = async (pick: () => Promise<ChosenEvidence | null>) => {
    setEvidence({ ...NO_EVIDENCE, step: 'reading' })
    let chosen: ChosenEvidence | null
    try {
      chosen = await pick()
    } catch (error) {
      const problem = error instanceof EvidenceProblem ? error.message : '文件没有读出来，请重新选。'
      setEvidence({ ...NO_EVIDENCE, step: 'failed', problem })
      return
    }
    if (!chosen) {
      setEvidence(NO_EVIDENCE)
      return
    }
    setEvidence({ step: 'uploading', chosen, uploaded: null, problem: null })
    try {
      const uploaded = await uploadEvidence(chosen.bytes, chosen.type)
      setEvidence({ step: 'done', chosen, uploaded, problem: null })
      setProblems((current) => ({ ...current, evidence: undefined }))
    } catch (error) {
      setEvidence({ step: 'failed', chosen, uploaded: null, problem: toApiError(error).message })
    }
  }

  const submit = async () => {
    const found = certifyProblems(form, evidence.uploaded !== null)
    setProblems(found)
    if (Object.keys(found).length || !evidence.uploaded) return
    const evidenceUploadId = evidence.uploaded.id
    await send(async () => {
      const created = await submitCertification({
        achievementCode: form.achievementCode,
        certificateNo: form.certificateNo.trim(),
        issuer: form.issuer.trim(),
        issuedOn: form.issuedOn,
        evidenceUploadId
      })
      setSent(created)
      setForm(EMPTY_CERTIFY_FORM)
      setEvidence(NO_EVIDENCE)
      tellDone('已提交')
      mine.reload()
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
    })
  }

  const chosenAchievement = achievements.data?.find((a) => a.code === form.achievementCode) ?? null
  const problemCount = Object.values(problems).filter(Boolean).length
  const busyUploading = evidence.step === 'reading' || evidence.step === 'uploading'
  const today = shanghaiDate()

  return (
    <ResidentOnly className='certify-page' what='提交学分认定'>
      <PageShell className='certify-page'>
        {sent ? (
          <View className='card certify-result' id='certify-result' data-status={sent.status}>
            <View className='card__title'>已提交：{achievementText(sent.achievement)}</View>
            <View className='certify-result__status'>{CERTIFICATION_STATUS_LABELS[sent.status]}</View>
            <View className='muted'>
              管理员看过证明材料后会通过或退回。通过后记 {formatCredits(sent.creditsMilli || sent.achievement.creditsMilli)} 学分，在“学习账户”里能看到。
            </View>
            <View className='button-row'>
              <Button id='certify-again' fill='outline' size='large' block onClick={() => setSent(null)}>
                再交一份
              </Button>
            </View>
          </View>
        ) : null}

        {!sent ? (
          <>
            <View className='muted certify-page__intro'>
              有职业资格证书、技能等级证书、竞赛获奖或开放大学课程学分，可以交上来认定。管理员审核通过后，按认定标准记学分。同一本证书只能认定一次。
            </View>

            <FormField label='1. 认定什么' hint='点一项选中，后面是能记的学分。' error={problems.achievementCode}>
              {achievements.error ? <ErrorNotice error={achievements.error} onRetry={achievements.reload} /> : null}
              {achievements.loading && !achievements.data ? <LoadingNotice /> : null}
              <View className='certify-achievements' id='certify-achievement'>
                {(chosenAchievement ? [chosenAchievement] : achievements.data ?? []).map((a) => (
                  <View
                    key={a.code}
                    id={`certify-achievement-${a.code}`}
                    className={a.code === form.achievementCode ? 'certify-achievement certify-achievement--on' : 'certify-achievement'}
                    role='radio'
                    aria-checked={a.code === form.achievementCode}
                    onClick={() => update({ achievementCode: a.code })}
                  >
                    <View className='certify-achievement__name'>{achievementText(a)}</View>
                    <View className='certify-achievement__credits'>
                      {formatCredits(a.creditsMilli)} 学分 · {CATEGORY_LABELS[a.category]}
                    </View>
                  </View>
                ))}
              </View>
              {chosenAchievement ? (
                <View role='button' className='certify-change' id='certify-achievement-change' onClick={() => update({ achievementCode: '' })}>
                  换一项
                </View>
              ) : null}
            </FormField>

            <FormField label='2. 证书编号' hint='照着证书上的编号抄，字母和数字都要对。' error={problems.certificateNo}>
              <Input
                id='certify-number'
                value={form.certificateNo}
                placeholder='例如：S000032010000123'
                maxLength={CERTIFICATION_LIMITS.certificateNoMax}
                onChange={(value: string) => update({ certificateNo: value })}
              />
            </FormField>

            <FormField label='3. 发证单位' hint='证书上盖章的单位。' error={problems.issuer}>
              <Input
                id='certify-issuer'
                value={form.issuer}
                placeholder='例如：浙江省人力资源和社会保障厅'
                maxLength={CERTIFICATION_LIMITS.issuerMax}
                onChange={(value: string) => update({ issuer: value })}
              />
            </FormField>

            <FormField label='4. 发证日期' error={problems.issuedOn}>
              {IN_BROWSER ? (
                <input
                  id='certify-date'
                  aria-label='发证日期'
                  className='certify-date certify-date--input'
                  type='date'
                  min='1950-01-01'
                  max={today}
                  value={form.issuedOn}
                  onChange={(event) => update({ issuedOn: event.target.value })}
                />
              ) : (
                <Picker mode='date' start='1950-01-01' end={today} value={form.issuedOn || today} onChange={(event) => update({ issuedOn: String(event.detail.value) })}>
                  <View id='certify-date' className='certify-date'>
                    {form.issuedOn ? chineseDay(form.issuedOn) : '点这里选择'}
                  </View>
                </Picker>
              )}
            </FormField>

            <FormField label='5. 证书照片或 PDF' hint={EVIDENCE_RULE} error={problems.evidence}>
              <View className='certify-evidence' id='certify-evidence' data-step={evidence.step}>
                <FilePickBox
                  idPrefix='certify'
                  text={evidence.chosen ? '换一个文件' : '选择照片或 PDF 文件'}
                  label='选择证书照片或 PDF 文件'
                  pdf
                  photoName='证书照片'
                  busy={busyUploading}
                  onPick={(pick) => void take(pick)}
                />

                {evidence.step !== 'idle' && evidence.step !== 'failed' ? (
                  <View className='certify-steps' id='certify-progress'>
                    {STEPS.map((s, i) => {
                      const at = STEPS.findIndex((x) => x.step === evidence.step)
                      const state = i < at || evidence.step === 'done' ? 'done' : i === at ? 'now' : 'later'
                      return (
                        <View key={s.step} className={`certify-step certify-step--${state}`}>
                          {state === 'done' ? '✓ ' : `${i + 1}. `}
                          {s.text}
                          {state === 'now' ? '…' : ''}
                        </View>
                      )
                    })}
                    {evidence.step === 'uploading' ? <View className='certify-steps__bar' /> : null}
                  </View>
                ) : null}

                {evidence.chosen ? (
                  <View className='certify-preview' id='certify-preview' data-type={evidence.chosen.type}>
                    {evidence.chosen.previewUrl ? (
                      <Image className='certify-preview__image' src={evidence.chosen.previewUrl} mode='widthFix' nativeProps={{ alt: '您选的证书照片' }} />
                    ) : (
                      <View className='certify-preview__pdf'>PDF</View>
                    )}
                    <View className='muted'>
                      {evidence.chosen.name} · {sizeText(evidence.chosen.bytes.byteLength)}
                    </View>
                  </View>
                ) : null}

                {evidence.problem ? (
                  <View className='certify-evidence__problem' id='certify-file-problem'>
                    {evidence.problem}
                  </View>
                ) : null}
              </View>
            </FormField>

            {problemCount ? (
              <View className='certify-problems' id='certify-problems'>
                还有 {problemCount} 处要改，见上面的红字。
              </View>
            ) : null}
            {refusal ? (
              <View className='certify-problems' id='certify-error'>
                {refusal.message}
              </View>
            ) : null}
            <Button id='certify-submit' type='primary' size='large' block loading={sending} disabled={busyUploading} onClick={() => void submit()}>
              提交认定
            </Button>
          </>
        ) : null}

        {mine.error ? <ErrorNotice error={mine.error} onRetry={mine.reload} /> : null}
        {mine.data?.length ? (
          <CertificationList id='certify-mine' itemId='certify-mine' title='我交过的' items={mine.data} />
        ) : mine.data && !sent ? (
          <View className='certify-page__none'>
            <EmptyNotice id='certify-mine-empty' text='您还没有交过认定申请。' />
          </View>
        ) : null}
      </PageShell>
    </ResidentOnly>
  )
}
