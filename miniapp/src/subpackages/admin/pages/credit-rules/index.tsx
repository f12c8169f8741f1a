import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { RULE_SET_STATE_LABELS, RuleSetState, formatCredits } from '@lp/shared'
import { useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { listRuleVersions } from '../../../../services/credit-rules'
import type { RuleSetVersions, RuleSetView } from '../../../../services/api/types'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { formatDayTime } from '../../../../utils/time'
import { Button, Input } from '../../../../ui/nutui'
import Pager from '../../components/Pager'
import RuleEditor from './RuleEditor'
import { RuleSetTables } from './RuleTables'
import { dayText } from './rule-form'
import '../../styles/admin-page.scss'
import '../../styles/admin-table.scss'
import './index.scss'

type Version = RuleSetVersions['versions'][number]
const PAGE_SIZE = 10
const STATES: { value: RuleSetState | 'all'; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'in_force', label: RULE_SET_STATE_LABELS.in_force },
  { value: 'scheduled', label: RULE_SET_STATE_LABELS.scheduled },
  { value: 'superseded', label: RULE_SET_STATE_LABELS.superseded }
]

function VersionRow({ version, open, onOpen }: { version: Version; open: boolean; onOpen: () => void }) {
  return (
    <View id={`rule-version-${version.version}`} className={open ? 'admin-table__row admin-table__row--on' : 'admin-table__row'}>
      <View className='admin-table__cell'>第 {version.version} 版</View>
      <View className='admin-table__cell' id={`rule-version-${version.version}-from`}>
        {dayText(version.effectiveFrom)}
      </View>
      <View className='admin-table__cell'>{version.effectiveUntil ? dayText(version.effectiveUntil) : version.state === 'scheduled' ? '长期' : '至今'}</View>
      <View className={`admin-table__cell credit-rules__state credit-rules__state--${version.state}`} id={`rule-version-${version.version}-state`}>
        {RULE_SET_STATE_LABELS[version.state]}
      </View>
      <View className='admin-table__cell'>{formatCredits(version.overallYearlyCapMilli)} 学分</View>
      <View className='admin-table__cell'>{formatDayTime(version.createdAt)}</View>
      <View className='admin-table__cell admin-table__actions'>
        <Button id={`rule-version-${version.version}-open`} size='small' onClick={onOpen}>
          {open ? '收起' : '查看'}
        </Button>
      </View>
    </View>
  )
}

/** 学分规则版本: every version of the district's rules on the calendar, and the editor for a new one. */
export default function CreditRulesPage() {
  const user = useCurrentUser()
  const allowed = isAdmin(user)
  const calendar = useLoader(listRuleVersions, [user?.id], allowed)
  const [state, setState] = useState<RuleSetState | 'all'>('all')
  const [search, setSearch] = useState('')
  const [pageIndex, setPageIndex] = useState(0)
  const [open, setOpen] = useState<number | null>(null)
  const [editing, setEditing] = useState(false)
  const [published, setPublished] = useState<RuleSetView | null>(null)

  if (!allowed) {
    return (
      <PageShell className='admin-page credit-rules'>
        <EmptyNotice text='请用管理员账号登录。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }
  const data = calendar.data
  const current = data?.versions.find((v) => v.state === 'in_force') ?? null
  const term = search.trim()
  const shown = (data?.versions ?? []).filter(
    (v) => (state === 'all' || v.state === state) && (!term || `第${v.version}版 ${v.effectiveFrom} ${dayText(v.effectiveFrom)}`.includes(term))
  )
  const page = shown.slice(pageIndex * PAGE_SIZE, (pageIndex + 1) * PAGE_SIZE)
  const filter = (next: () => void) => {
    next()
    setPageIndex(0)
  }

  return (
    <PageShell className='admin-page credit-rules'>
      <View className='admin-page__title'>学分规则版本</View>
      <View className='muted admin-page__note'>
        每一版规则从它的生效日起管用，到下一版开始的前一天为止。学习按学习当天实行的规则记学分，改规则不会改动已经记下的学分。
      </View>
      {calendar.error ? <ErrorNotice error={calendar.error} onRetry={calendar.reload} /> : null}
      {calendar.loading && !data ? <LoadingNotice /> : null}
      {data ? (
        <View className='card'>
          <View className='card__title'>{data.districtName}</View>
          <View className='credit-rules__line' id='rule-current'>
            {current ? `正在实行：第 ${current.version} 版，${dayText(current.effectiveFrom)} 起` : '还没有正在实行的规则'}（今天是 {dayText(data.today)}）
          </View>
          {published ? (
            <View className='credit-rules__done' id='rule-published'>
              已发布第 {published.version} 版，{dayText(published.effectiveFrom)} 起实行。已经记下的学分不变。
            </View>
          ) : null}
          <FormField label='找版本' hint='填版本号或日期，例如 2027。'>
            <Input id='rule-search' value={search} placeholder='例如：第2版、2027-01' maxLength={20} onChange={(v: string) => filter(() => setSearch(v))} />
          </FormField>
          <ChipGroup id='rule-filter' options={STATES} isOn={(v) => v === state} onTap={(v) => filter(() => setState(v))} />
          <View className='admin-table' id='rule-versions'>
            <View className='admin-table__row admin-table__head'>
              <View className='admin-table__cell'>版本</View>
              <View className='admin-table__cell'>生效日期</View>
              <View className='admin-table__cell'>实行到</View>
              <View className='admin-table__cell'>状态</View>
              <View className='admin-table__cell'>每年合计上限</View>
              <View className='admin-table__cell'>发布时间</View>
              <View className='admin-table__cell'>操作</View>
            </View>
            {page.map((v) => (
              <View key={v.id}>
                <VersionRow version={v} open={open === v.id} onOpen={() => setOpen(open === v.id ? null : v.id)} />
                {open === v.id ? <RuleSetTables set={v} /> : null}
              </View>
            ))}
            {!shown.length ? <View className='admin-table__empty'>没有符合条件的版本。</View> : null}
          </View>
          <Pager
            id='rule-pages'
            pages={{
              index: pageIndex,
              hasNext: (pageIndex + 1) * PAGE_SIZE < shown.length,
              loading: false,
              previous: () => setPageIndex(Math.max(0, pageIndex - 1)),
              next: () => setPageIndex(pageIndex + 1)
            }}
            sizeText={`每页 ${PAGE_SIZE} 版`}
          />
          {data.canPublish && current && !editing ? (
            <Button
              id='rule-edit'
              type='primary'
              size='large'
              block
              onClick={() => {
                setPublished(null)
                setEditing(true)
              }}
            >
              在第 {current.version} 版基础上修改
            </Button>
          ) : null}
          {!data.canPublish ? <View className='muted'>规则由区级管理员发布，您可以在这里查看。</View> : null}
        </View>
      ) : null}
      {data && current && editing ? (
        <RuleEditor
          calendar={data}
          from={current}
          onCancel={() => setEditing(false)}
          onPublished={(made) => {
            setEditing(false)
            setOpen(null)
            setPublished(made)
            calendar.reload()
            // the notice and the table with the new version are at the top
            void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
          }}
        />
      ) : null}
    </PageShell>
  )
}
