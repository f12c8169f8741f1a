import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatCredits } from '@lp/shared'
import { useMemo, useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import ReasonForm from '../../../../components/ReasonForm'
import { useCursorPages } from '../../../../hooks/useCursorPages'
import type { ConversionView, ResidentListItem } from '../../../../services/api/types'
import { CONVERSIONS_PAGE_SIZE, listResidentConversions, reverseConversion } from '../../../../services/conversions'
import { useCurrentUser } from '../../../../services/session'
import { tellError } from '../../../../utils/feedback'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { Button } from '../../../../ui/nutui'
import Pager from '../../components/Pager'
import ResidentPicker from '../../components/ResidentPicker'
import '../../styles/admin-page.scss'
import '../../styles/admin-table.scss'
import './index.scss'

type Shown = 'all' | 'standing' | 'reversed'
const SHOWN: { value: Shown; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'standing', label: '有效' },
  { value: 'reversed', label: '已撤销' }
]

function ConversionRow({ conversion, onReverse }: { conversion: ConversionView; onReverse: () => void }) {
  return (
    <View className='admin-table__row' id={`conversion-${conversion.id}`}>
      <View className='admin-table__cell admin-table__cell--wide'>{conversion.receiptNo}</View>
      <View className='admin-table__cell'>{conversion.partnerName}</View>
      <View className='admin-table__cell'>{conversion.offerTitle}</View>
      <View className='admin-table__cell'>{formatCredits(conversion.creditsMilli)} 学分</View>
      <View className='admin-table__cell'>{formatDayTime(conversion.createdAt)}</View>
      <View className={conversion.reversed ? 'admin-table__cell revoke-page__state--reversed' : 'admin-table__cell'} id={`conversion-${conversion.id}-state`}>
        {conversion.reversed ? '已撤销' : '有效'}
      </View>
      <View className='admin-table__cell admin-table__actions'>
        {!conversion.reversed ? (
          <Button id={`conversion-${conversion.id}-reverse`} size='small' type='danger' onClick={onReverse}>
            撤销
          </Button>
        ) : null}
      </View>
    </View>
  )
}

/** 撤销学分转换: find a resident, see their conversions and credits, undo one with a reason. */
export default function ConversionReversePage() {
  const user = useCurrentUser()
  const areaId = isAdmin(user) ? (user?.area?.id ?? null) : null
  const [resident, setResident] = useState<ResidentListItem | null>(null)
  const [shown, setShown] = useState<Shown>('all')
  const [reversing, setReversing] = useState<ConversionView | null>(null)
  const [done, setDone] = useState<ConversionView | null>(null)
  const [busy, setBusy] = useState(false)
  const query = useMemo(() => (resident ? { residentId: resident.userId } : null), [resident])
  const pages = useCursorPages(query, (q: { residentId: string }, cursor) => listResidentConversions(q.residentId, cursor))

  if (areaId === null) {
    return (
      <PageShell className='admin-page revoke-page'>
        <EmptyNotice text='请用管理员账号登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  const reverse = async (conversion: ConversionView, reason: string) => {
    const { confirm } = await Taro.showModal({
      title: '撤销学分转换',
      content: `撤销后，${formatCredits(conversion.creditsMilli)} 学分退回居民的学习账户，回执 ${conversion.receiptNo} 作废，不能恢复。`,
      confirmText: '确定撤销',
      cancelText: '不撤销了'
    })
    if (!confirm) return
    setBusy(true)
    try {
      setDone(await reverseConversion(conversion.id, reason))
      setReversing(null)
      pages.retry()
    } catch (error) {
      tellError(error)
    } finally {
      setBusy(false)
    }
  }
  const rows = pages.items.filter((c) => shown === 'all' || (shown === 'reversed') === c.reversed)

  return (
    <PageShell className='admin-page revoke-page'>
      <View className='admin-page__title'>撤销学分转换</View>
      <View className='muted admin-page__note'>合作机构没能办理、或转换有误时撤销：学分退回居民，原来的转换留有记录。</View>

      <View className='card'>
        <View className='card__title'>先找到居民</View>
        <ResidentPicker
          areaId={areaId}
          chosen={resident}
          onPick={(r) => {
            setResident(r)
            setReversing(null)
            setDone(null)
          }}
        />
      </View>

      {resident ? (
        <View className='card' id='resident-conversions'>
          <View className='card__title'>{resident.realNameMasked}的学分转换</View>
          {pages.page ? (
            <View className='revoke-page__balance' id='conversion-balance'>
              现有学分：{formatCredits(pages.page.balanceMilli)} 学分
            </View>
          ) : null}
          {done ? (
            <View className='revoke-page__done' id='conversion-done'>
              已撤销回执 {done.receiptNo}，{formatCredits(done.creditsMilli)} 学分已退回居民。
            </View>
          ) : null}
          <ChipGroup id='conversion-filter' options={SHOWN} isOn={(v) => v === shown} onTap={setShown} />
          {pages.error ? <ErrorNotice error={pages.error} onRetry={pages.retry} /> : null}
          {pages.loading ? <LoadingNotice /> : null}
          {!pages.loading && !pages.error ? (
            <View className='admin-table'>
              <View className='admin-table__row admin-table__head'>
                <View className='admin-table__cell admin-table__cell--wide'>回执号</View>
                <View className='admin-table__cell'>合作机构</View>
                <View className='admin-table__cell'>项目</View>
                <View className='admin-table__cell'>学分</View>
                <View className='admin-table__cell'>时间</View>
                <View className='admin-table__cell'>状态</View>
                <View className='admin-table__cell'>操作</View>
              </View>
              {rows.map((c) => (
                <ConversionRow key={c.id} conversion={c} onReverse={() => setReversing(c)} />
              ))}
              {!rows.length ? <View className='admin-table__empty'>{pages.items.length ? '这一页没有符合条件的转换。' : '这位居民还没有转换过学分。'}</View> : null}
            </View>
          ) : null}
          <Pager id='conversion-pages' pages={pages} sizeText={`每页 ${CONVERSIONS_PAGE_SIZE} 条`} />
          {reversing ? (
            <View className='card' id='conversion-reversing'>
              <View className='card__title'>
                撤销回执 {reversing.receiptNo}（{reversing.offerTitle}，{formatCredits(reversing.creditsMilli)} 学分）
              </View>
              <ReasonForm
                id='conversion-reverse-reason'
                label='撤销原因'
                hint='记入档案，居民和合作机构问起时可以说明。'
                placeholder='例如：开放大学未能办理'
                confirmText='撤销这次转换'
                busy={busy}
                onConfirm={(reason) => void reverse(reversing, reason)}
                onBack={() => setReversing(null)}
              />
            </View>
          ) : null}
        </View>
      ) : null}
    </PageShell>
  )
}
