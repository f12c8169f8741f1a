import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatCredits } from '@lp/shared'
import { useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import ReasonForm from '../../../../components/ReasonForm'
import { useLoader } from '../../../../hooks/useLoader'
import { listPartners } from '../../../../services/conversions'
import {
  closeOffer,
  createOffer,
  createPartner,
  createPartnerKey,
  listOffersOf,
  listPartnerKeys,
  revokePartnerKey,
  rotatePartnerKey,
  type KeyScopes
} from '../../../../services/partners'
import type { PartnerKeyView, PartnerOfferAdminView, PartnerView } from '../../../../services/api/types'
import { useCurrentUser } from '../../../../services/session'
import { tellDone, tellError } from '../../../../utils/feedback'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { Button, Input } from '../../../../ui/nutui'
import '../../styles/admin-table.scss'
import { copyText } from '../../../../utils/privacy'
import './index.scss'

type Scope = KeyScopes[number]
const SCOPES: { value: Scope; label: string }[] = [
  { value: 'credits:read', label: '查学分学时' },
  { value: 'transcripts:verify', label: '核验成绩单' },
  { value: 'records:export', label: '导出学习记录' }
]
const scopeText = (scopes: Scope[]) => scopes.map((s) => SCOPES.find((o) => o.value === s)?.label ?? s).join('、')

/** How long an old key keeps working after a rotation, so the partner can switch without an outage. */
const OVERLAPS: { value: string; label: string }[] = [
  { value: '24', label: '旧密钥再用1天' },
  { value: '168', label: '旧密钥再用7天' },
  { value: '0', label: '旧密钥立即停用' }
]

function keyStatus(key: PartnerKeyView): string {
  if (!key.endsAt) return '在用'
  return key.active ? `在用，${formatDayTime(key.endsAt)} 停用` : `已停用（${formatDayTime(key.endsAt)}）`
}

/** The whole key, once: the server keeps only a fingerprint of it. */
function NewKeyNotice({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <View className='partner-new-key' id='partner-new-key'>
      <View className='partner-new-key__warning'>只显示这一次，请马上复制保存</View>
      <Text className='partner-new-key__value' id='partner-new-key-value' userSelect>
        {secret}
      </Text>
      <View className='muted'>关掉以后谁也看不到这把密钥了；丢了只能换一把新的。</View>
      <View className='button-row'>
        <Button id='partner-new-key-copy' size='large' onClick={() => void copyText(secret)}>
          复制密钥
        </Button>
        <Button id='partner-new-key-done' type='primary' size='large' onClick={onDone}>
          我已保存
        </Button>
      </View>
    </View>
  )
}

function KeyRow({ partnerKey, onRotate, onRevoke }: { partnerKey: PartnerKeyView; onRotate: () => void; onRevoke: () => void }) {
  return (
    <View className='admin-table__row' id={`partner-key-${partnerKey.id}`}>
      <View className='admin-table__cell'>lpk_{partnerKey.prefix}_…</View>
      <View className='admin-table__cell'>{scopeText(partnerKey.scopes)}</View>
      <View className='admin-table__cell'>{formatDayTime(partnerKey.createdAt)}</View>
      <View className='admin-table__cell' id={`partner-key-${partnerKey.id}-status`}>
        {keyStatus(partnerKey)}
      </View>
      <View className='admin-table__cell admin-table__actions'>
        {partnerKey.active && !partnerKey.endsAt ? (
          <Button id={`partner-key-${partnerKey.id}-rotate`} size='small' onClick={onRotate}>
            换新密钥
          </Button>
        ) : null}
        {partnerKey.active ? (
          <Button id={`partner-key-${partnerKey.id}-revoke`} size='small' type='danger' onClick={onRevoke}>
            停用
          </Button>
        ) : null}
      </View>
    </View>
  )
}

/** A partner's keys: create one, rotate one (with the chosen overlap), revoke one with a reason. */
function PartnerKeys({ partner }: { partner: PartnerView }) {
  const keys = useLoader(() => listPartnerKeys(partner.id), [partner.id])
  // Nothing is chosen in advance: the admin picks what the new key may do.
  const [scopes, setScopes] = useState<Scope[]>([])
  const [overlap, setOverlap] = useState('24')
  const [secret, setSecret] = useState<string | null>(null)
  const [revoking, setRevoking] = useState<PartnerKeyView | null>(null)
  const [busy, setBusy] = useState(false)
  const act = async (work: () => Promise<void>) => {
    setBusy(true)
    try {
      await work()
      keys.reload()
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }
  const toggle = (scope: Scope) => setScopes((now) => (now.includes(scope) ? now.filter((s) => s !== scope) : [...now, scope]))
  const create = () => act(async () => setSecret((await createPartnerKey(partner.id, scopes)).key))
  const rotate = async (key: PartnerKeyView) => {
    const hours = Number(overlap)
    const { confirm } = await Taro.showModal({
      title: '换新密钥',
      content: hours ? `会发一把新密钥；旧密钥再用${hours / 24}天后自动停用。请把新密钥交给${partner.name}。` : `会发一把新密钥；旧密钥马上停用，${partner.name}用旧密钥会被拒绝。`,
      confirmText: '换新密钥',
      cancelText: '不换了'
    })
    if (confirm) await act(async () => setSecret((await rotatePartnerKey(partner.id, key.id, hours)).issued.key))
  }
  const revoke = async (key: PartnerKeyView, reason: string) => {
    const { confirm } = await Taro.showModal({
      title: '停用密钥',
      content: `停用后马上生效，${partner.name}再用 lpk_${key.prefix}_… 会被拒绝，不能恢复。`,
      confirmText: '停用',
      cancelText: '不停用'
    })
    if (!confirm) return
    await act(async () => {
      await revokePartnerKey(partner.id, key.id, reason)
      setRevoking(null)
      tellDone('密钥已停用')
    })
  }

  return (
    <View className='card' id='partner-keys'>
      <View className='card__title'>{partner.name}的 API 密钥</View>
      {secret ? <NewKeyNotice secret={secret} onDone={() => setSecret(null)} /> : null}
      {keys.error ? <ErrorNotice error={keys.error} onRetry={keys.reload} /> : null}
      {keys.loading && !keys.data ? <LoadingNotice /> : null}
      {keys.data?.length ? (
        <View className='admin-table'>
          <View className='admin-table__row admin-table__head'>
            <View className='admin-table__cell'>密钥</View>
            <View className='admin-table__cell'>权限</View>
            <View className='admin-table__cell'>发放时间</View>
            <View className='admin-table__cell'>状态</View>
            <View className='admin-table__cell'>操作</View>
          </View>
          {keys.data.map((key) => (
            <KeyRow key={key.id} partnerKey={key} onRotate={() => void rotate(key)} onRevoke={() => setRevoking(key)} />
          ))}
        </View>
      ) : keys.data ? (
        <View className='muted'>还没有密钥。</View>
      ) : null}
      {revoking ? (
        <View className='partner-revoke'>
          <View className='partner-revoke__what'>停用 lpk_{revoking.prefix}_… 后立即生效，{partner.name}再用这把密钥会被拒绝，不能恢复。</View>
          <ReasonForm
            id='partner-revoke-reason'
            label='停用原因'
            placeholder='例如：合作结束、密钥泄露'
            confirmText='确定停用'
            busy={busy}
            onConfirm={(reason) => void revoke(revoking, reason)}
            onBack={() => setRevoking(null)}
          />
        </View>
      ) : null}
      <FormField label='新密钥的权限'>
        <ChipGroup id='partner-key-scopes' kind='many' options={SCOPES} isOn={(s) => scopes.includes(s)} onTap={toggle} />
      </FormField>
      <FormField label='换新密钥时' hint='旧密钥多用几天，合作机构可以从容换上新密钥；怀疑泄露时请选立即停用。'>
        <ChipGroup id='partner-key-overlap' options={OVERLAPS} isOn={(v) => v === overlap} onTap={setOverlap} />
      </FormField>
      <Button id='partner-key-create' type='primary' size='large' block loading={busy} onClick={() => void create()}>
        发一把新密钥
      </Button>
    </View>
  )
}

function OfferRow({ offer, onClose }: { offer: PartnerOfferAdminView; onClose: () => void }) {
  return (
    <View className='admin-table__row' id={`partner-offer-${offer.id}`}>
      <View className='admin-table__cell'>{offer.title}</View>
      <View className='admin-table__cell'>{formatCredits(offer.creditsMilli)} 学分</View>
      <View className='admin-table__cell'>{offer.active ? '开放中' : '已关闭'}</View>
      <View className='admin-table__cell admin-table__actions'>
        {offer.active ? (
          <Button id={`partner-offer-${offer.id}-close`} size='small' onClick={onClose}>
            关闭
          </Button>
        ) : null}
      </View>
    </View>
  )
}

/** A partner's offers, closed ones too; a new offer; closing one. */
function PartnerOffers({ partner }: { partner: PartnerView }) {
  const offers = useLoader(() => listOffersOf(partner.id), [partner.id])
  const [title, setTitle] = useState('')
  const [credits, setCredits] = useState('')
  const [busy, setBusy] = useState(false)
  const add = async () => {
    setBusy(true)
    try {
      await createOffer(partner.id, { title: title.trim(), description: '', creditsMilli: Math.round(Number(credits) * 1000), categories: [] })
      setTitle('')
      setCredits('')
      tellDone('已添加')
      offers.reload()
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }
  const close = async (offer: PartnerOfferAdminView) => {
    const { confirm } = await Taro.showModal({
      title: '关闭项目',
      content: `关闭“${offer.title}”后，居民不能再用学分转换这一项；已经转换的不受影响。`,
      confirmText: '关闭',
      cancelText: '不关了'
    })
    if (!confirm) return
    try {
      await closeOffer(partner.id, offer.id)
      offers.reload()
    } catch (error) {
      tellError(error)
    }
  }
  return (
    <View className='card' id='partner-offers'>
      <View className='card__title'>{partner.name}的转换项目</View>
      {offers.error ? <ErrorNotice error={offers.error} onRetry={offers.reload} /> : null}
      {offers.data?.length ? (
        <View className='admin-table'>
          {offers.data.map((offer) => (
            <OfferRow key={offer.id} offer={offer} onClose={() => void close(offer)} />
          ))}
        </View>
      ) : offers.data ? (
        <View className='muted'>还没有转换项目。</View>
      ) : null}
      <FormField label='项目名称'>
        <Input id='partner-offer-title' value={title} placeholder='例如：课程免修' maxLength={100} onChange={setTitle} />
      </FormField>
      <FormField label='需要多少学分'>
        <Input id='partner-offer-credits' type='digit' value={credits} placeholder='例如：2' maxLength={8} onChange={setCredits} />
      </FormField>
      <Button id='partner-offer-create' size='large' block loading={busy} onClick={() => void add()}>
        添加项目
      </Button>
    </View>
  )
}

/** 合作机构: the district's partners, with the keys and offers of the one chosen. */
export default function PartnersPage() {
  const user = useCurrentUser()
  const allowed = isAdmin(user)
  const partners = useLoader(listPartners, [user?.id], allowed)
  const [search, setSearch] = useState('')
  const [name, setName] = useState('')
  const [chosen, setChosen] = useState<PartnerView | null>(null)
  const [busy, setBusy] = useState(false)

  if (!allowed) {
    return (
      <PageShell className='partners'>
        <EmptyNotice text='请用区级管理员账号登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  const add = async () => {
    setBusy(true)
    try {
      const made = await createPartner(name.trim())
      setName('')
      setChosen(made)
      partners.reload()
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }
  const shown = (partners.data ?? []).filter((p) => p.name.includes(search.trim()))

  return (
    <PageShell className='partners'>
      <View className='partners__title'>合作机构</View>
      <View className='muted partners__note'>开放大学、企业、外地平台等。居民的学分可以转换成它们认可的项目；它们用 API 密钥查询居民授权的数据。</View>
      <View className='card'>
        <FormField label='找机构'>
          <Input id='partners-search' value={search} placeholder='输入机构名称' onChange={setSearch} />
        </FormField>
        {partners.error ? <ErrorNotice error={partners.error} onRetry={partners.reload} /> : null}
        {partners.loading && !partners.data ? <LoadingNotice /> : null}
        <View className='admin-table' id='partners-list'>
          {shown.map((p) => (
            <View role='button' key={p.id} id={`partner-${p.id}`} className={chosen?.id === p.id ? 'admin-table__row admin-table__row--on' : 'admin-table__row'} onClick={() => setChosen(p)}>
              <View className='admin-table__cell'>{p.name}</View>
              <View className='admin-table__cell muted'>{chosen?.id === p.id ? '正在查看' : '点这里管理'}</View>
            </View>
          ))}
        </View>
        {partners.data && !shown.length ? <View className='muted'>没有找到。</View> : null}
        <FormField label='登记新机构'>
          <Input id='partner-name' value={name} placeholder='机构全称' maxLength={64} onChange={setName} />
        </FormField>
        <Button id='partner-create' type='primary' size='large' block loading={busy} onClick={() => void add()}>
          登记
        </Button>
      </View>
      {chosen ? <PartnerKeys key={`keys-${chosen.id}`} partner={chosen} /> : null}
      {chosen ? <PartnerOffers key={`offers-${chosen.id}`} partner={chosen} /> : null}
    </PageShell>
  )
}
