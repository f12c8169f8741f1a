import { Image, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { AreaLevel, Role, SELECTION_KIND_NAMES, SELECTION_LIMITS } from '@lp/shared'
import { useEffect, useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FilePickBox from '../../../../components/FilePickBox'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import TextBox from '../../../../components/TextBox'
import { useLoader } from '../../../../hooks/useLoader'
import { useSubmit } from '../../../../hooks/useSubmit'
import { getAreaTree } from '../../../../services/areas'
import type { AreaNode, NominationView, SelectionView } from '../../../../services/api/types'
import { uploadEvidence } from '../../../../services/certifications'
import { toApiError } from '../../../../services/request'
import { listOpenSelections, nominate } from '../../../../services/selections'
import { useCurrentUser } from '../../../../services/session'
import { tellDone } from '../../../../utils/feedback'
import { ROUTES } from '../../../../utils/routes'
import { CONSENT_LABELS, dayText, selectionHeading } from '../../../../utils/selections'
import { Button, Input } from '../../../../ui/nutui'
import { EvidenceProblem, type ChosenEvidence } from '../../../../utils/evidence-file'
import './index.scss'

const IN_BROWSER = process.env.TARO_ENV === 'h5'

interface Photo {
  id: string
  previewUrl: string | null
}

interface Form {
  phone: string
  projectName: string
  communityId: number | null
  story: string
}

const EMPTY: Form = { phone: '', projectName: '', communityId: null, story: '' }

/** The communities under an area of the tree (the area itself when it is one). */
function communitiesUnder(root: AreaNode, areaId: number): AreaNode[] {
  const find = (node: AreaNode): AreaNode | null => (node.id === areaId ? node : node.children.reduce<AreaNode | null>((hit, c) => hit ?? find(c), null))
  const start = find(root)
  if (!start) return []
  const out: AreaNode[] = []
  const walk = (node: AreaNode) => (node.level === AreaLevel.Community ? out.push(node) : node.children.forEach(walk))
  walk(start)
  return out
}

/**
 * 推荐参加评选: a resident puts themself forward for 百姓学习之星; a teacher or an admin nominates a
 * resident (by the phone they bound) or a 终身学习品牌项目; with 事迹 and up to six photos.
 */
export default function NominatePage() {
  const user = useCurrentUser()
  const wanted = Number(useRouter().params.id) || null
  const resident = user?.role === Role.Resident
  const ready = !!user && (!resident || user.profileBound)
  const open = useLoader(listOpenSelections, [user?.id], ready)
  const tree = useLoader(getAreaTree, [], ready && !resident)
  const [chosenId, setChosenId] = useState<number | null>(wanted)
  const [form, setForm] = useState<Form>(EMPTY)
  const [photos, setPhotos] = useState<Photo[]>([])
  const [photoProblem, setPhotoProblem] = useState<string | null>(null)
  const [uploading, setUploading] = useState(false)
  const { sending, problem, submit: send } = useSubmit()
  const [sent, setSent] = useState<NominationView | null>(null)

  // browser previews live until the photo is removed or the page closes
  useEffect(
    () => () => {
      if (IN_BROWSER) photos.forEach((p) => p.previewUrl?.startsWith('blob:') && URL.revokeObjectURL(p.previewUrl))
    },
    [photos]
  )

  if (!ready) {
    return (
      <PageShell className='nominate-page'>
        <EmptyNotice
          id='nominate-login'
          text={user ? '请先填一次您的姓名和所在社区，就能推荐了。' : '登录后才能推荐。'}
          actionText={user ? '去填写' : '登录'}
          onAction={() => void Taro.navigateTo({ url: user ? ROUTES.bind : ROUTES.login })}
        />
      </PageShell>
    )
  }

  const selections = open.data ?? []
  const chosen: SelectionView | null = selections.find((s) => s.id === chosenId) ?? null
  const communities = chosen && tree.data ? communitiesUnder(tree.data, chosen.area.id) : []

  const addPhoto = async (pick: () => Promise<ChosenEvidence | null>) => {
    setPhotoProblem(null)
    setUploading(true)
    try {
      const picked = await pick()
      if (!picked) return
      if (picked.type === 'application/pdf') throw new EvidenceProblem('这里只能交照片（JPG 或 PNG）。')
      const uploaded = await uploadEvidence(picked.bytes, picked.type)
      setPhotos((current) => [...current, { id: uploaded.id, previewUrl: picked.previewUrl }])
    } catch (error) {
      setPhotoProblem(error instanceof EvidenceProblem ? error.message : toApiError(error).message)
    } finally {
      setUploading(false)
    }
  }

  const submit = async () => {
    if (!chosen) return
    await send(async () => {
      const body =
        chosen.kind === 'brand'
          ? { projectName: form.projectName.trim(), communityId: form.communityId ?? undefined }
          : resident
            ? {}
            : { nomineePhone: form.phone.trim() }
      const made = await nominate(chosen.id, { ...body, story: form.story.trim(), photoUploadIds: photos.map((p) => p.id) })
      setSent(made)
      setForm(EMPTY)
      setPhotos([])
      tellDone('推荐已提交')
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
    })
  }

  if (sent) {
    return (
      <PageShell className='nominate-page'>
        <View className='card' id='nominate-result' data-consent={sent.consent}>
          <View className='card__title'>已推荐：{sent.nomineeName}</View>
          <View>{sent.selectionTitle}</View>
          <View>{CONSENT_LABELS[sent.consent]}</View>
          <View className='muted'>
            {sent.consent === 'pending'
              ? '我们已经告诉被推荐的居民，他同意以后才会评审；不同意的，推荐就撤回了。'
              : '评审结果出来后会告诉您。入选的会在公示页面上公示，姓名只显示部分。'}
          </View>
          <View className='button-row'>
            <Button id='nominate-again' size='large' onClick={() => setSent(null)}>
              再推荐一位
            </Button>
            <Button id='nominate-mine' size='large' onClick={() => void Taro.navigateTo({ url: ROUTES.learnNominations })}>
              看我的推荐
            </Button>
          </View>
        </View>
      </PageShell>
    )
  }

  return (
    <PageShell className='nominate-page'>
      <View className='muted nominate-page__intro'>
        {resident
          ? '百姓学习之星可以自荐：写下您的学习事迹，可以附照片。入选后会公示您的社区、事迹和部分姓名（如 王*英）。'
          : '可以推荐本辖区（本校所在区域）的居民参加百姓学习之星，或推荐终身学习品牌项目。被推荐的居民同意以后才会评审。'}
      </View>

      <FormField label='1. 参加哪项评选'>
        {open.error ? <ErrorNotice error={open.error} onRetry={open.reload} /> : null}
        {open.loading && !open.data ? <LoadingNotice /> : null}
        {open.data && !selections.length ? <EmptyNotice id='nominate-none' text='现在没有正在推荐的评选。' /> : null}
        <View className='nominate-choice' id='nominate-selections'>
          {(chosen ? [chosen] : selections).map((s) => (
            <View
              key={s.id}
              id={`nominate-selection-${s.id}`}
              className={s.id === chosenId ? 'nominate-option nominate-option--on' : 'nominate-option'}
              role='radio'
              aria-checked={s.id === chosenId}
              onClick={() => setChosenId(s.id)}
            >
              {selectionHeading(s)}，{s.area.name}，推荐截止到 {dayText(s.nominateUntil)}
            </View>
          ))}
          {chosen && selections.length > 1 ? (
            <View role='button' className='nominate-change' id='nominate-selection-change' onClick={() => setChosenId(null)}>
              换一项评选
            </View>
          ) : null}
        </View>
      </FormField>

      {chosen ? (
        <View id='nominate-form' data-kind={chosen.kind}>
          {chosen.kind === 'star' && resident ? (
            <FormField label='2. 推荐谁'>
              <View id='nominate-self'>推荐我自己：{user?.displayName}</View>
            </FormField>
          ) : null}
          {chosen.kind === 'star' && !resident ? (
            <FormField label='2. 被推荐居民的手机号' hint='居民在小程序里填写信息时用的11位手机号'>
              <Input id='nominate-phone' type='number' value={form.phone} maxLength={11} onChange={(v) => setForm({ ...form, phone: v })} />
            </FormField>
          ) : null}
          {chosen.kind === 'brand' ? (
            <>
              <FormField label='2. 项目名称' hint={`${SELECTION_LIMITS.projectMin}到${SELECTION_LIMITS.projectMax}个字，如 银龄数字课堂`}>
                <Input id='nominate-project' value={form.projectName} maxLength={SELECTION_LIMITS.projectMax} onChange={(v) => setForm({ ...form, projectName: v })} />
              </FormField>
              <FormField label='项目所在社区'>
                {tree.error ? <ErrorNotice error={tree.error} onRetry={tree.reload} /> : null}
                <View className='nominate-choice' id='nominate-community'>
                  {communities.map((c) => (
                    <View
                      key={c.id}
                      id={`nominate-community-${c.id}`}
                      className={c.id === form.communityId ? 'nominate-option nominate-option--on' : 'nominate-option'}
                      role='radio'
                      aria-checked={c.id === form.communityId}
                      onClick={() => setForm({ ...form, communityId: c.id })}
                    >
                      {c.name}
                    </View>
                  ))}
                </View>
              </FormField>
            </>
          ) : null}
          <FormField label='3. 事迹' hint={`${SELECTION_LIMITS.storyMin}到${SELECTION_LIMITS.storyMax}个字：学了什么、坚持了多久、带动了谁。入选后会公示。`}>
            <TextBox id='nominate-story' placeholder='例如：退休后每周到社区学校学书法，还教邻居用智能手机' value={form.story} maxLength={SELECTION_LIMITS.storyMax} tall onChange={(v) => setForm({ ...form, story: v })} />
          </FormField>
          <FormField label='4. 照片（可不交）' hint={`最多${SELECTION_LIMITS.photosMax}张，JPG 或 PNG。照片只给评审人员看，不公示。`}>
            {photos.length < SELECTION_LIMITS.photosMax ? (
              <FilePickBox idPrefix='nominate' text='添加一张照片' label='添加一张事迹照片' photoName='事迹照片' busy={uploading} onPick={(pick) => void addPhoto(pick)} />
            ) : null}
            {photoProblem ? (
              <View className='nominate-problem' id='nominate-photo-problem'>
                {photoProblem}
              </View>
            ) : null}
            <View className='nominate-photos' id='nominate-photos' data-count={photos.length}>
              {photos.map((p, i) => (
                <View key={p.id} className='nominate-photo'>
                  {p.previewUrl ? <Image className='nominate-photo__image' src={p.previewUrl} mode='widthFix' nativeProps={{ alt: `第 ${i + 1} 张照片` }} /> : null}
                  <Button id={`nominate-photo-${i}-remove`} size='small' onClick={() => setPhotos(photos.filter((x) => x.id !== p.id))}>
                    不要这张
                  </Button>
                </View>
              ))}
            </View>
          </FormField>
          {problem ? <ErrorNotice error={problem} /> : null}
          <Button id='nominate-submit' type='primary' size='large' block loading={sending} disabled={uploading} onClick={() => void submit()}>
            提交{SELECTION_KIND_NAMES[chosen.kind]}推荐
          </Button>
        </View>
      ) : null}
    </PageShell>
  )
}
