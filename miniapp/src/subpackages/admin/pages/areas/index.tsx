import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { AREA_FILE_MAX_BYTES, AREA_LEVEL_LABELS, AreaLevel } from '@lp/shared'
import { useMemo, useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { addArea, changeArea, getManagedTree, importAreas, type AreaChange } from '../../../../services/areas'
import type { AreaAdminNode, AreaImportResult } from '../../../../services/api/types'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { Button, Input } from '../../../../ui/nutui'
import DataTable, { type Column } from '../../components/DataTable'
import FileImport from '../../components/FileImport'
import { usePlaceEditing } from '../../components/PlaceFilters/usePlaceEditing'
import '../../components/AreaPicker/index.scss'
import '../../components/PlaceFilters/index.scss'
import './index.scss'

type Row = AreaAdminNode & { parentName: string; depth: number }
type Kind = 'all' | 'urban' | 'rural'
type State = 'active' | 'all' | 'retired'
type Editing = { kind: 'rename' | 'move'; node: Row }

const KINDS = [{ value: 'all', label: '城乡都看' }, { value: 'urban', label: '城市' }, { value: 'rural', label: '乡村' }] as const
const STATES = [{ value: 'active', label: '在用的' }, { value: 'all', label: '全部' }, { value: 'retired', label: '已停用的' }] as const
const RURAL = [{ value: 'urban', label: '城市' }, { value: 'rural', label: '乡村' }] as const

function flatten(node: AreaAdminNode, parentName = '', depth = 0): Row[] {
  return [{ ...node, parentName, depth }, ...node.children.flatMap((c) => flatten(c, node.name, depth + 1))]
}

/** 区域管理: the admin's 街道/社区 as a table, searched and filtered; add, rename, move, retire; import the official list. */
export default function AreasPage() {
  const user = useCurrentUser()
  const allowed = isAdmin(user) && !!user?.area
  const tree = useLoader(getManagedTree, [user?.id], allowed)
  const [draft, setDraft] = useState('')
  const [q, setQ] = useState('')
  const [kind, setKind] = useState<Kind>('all')
  const [state, setState] = useState<State>('active')
  const { form: editing, setForm: setEditing, busy, save } = usePlaceEditing<NonNullable<Editing>>(tree.reload)
  const [newName, setNewName] = useState('')
  const [adding, setAdding] = useState(false)
  const [parentId, setParentId] = useState<number | null>(null)
  const [code, setCode] = useState('')
  const [name, setName] = useState('')
  const [rural, setRural] = useState<'urban' | 'rural'>('urban')

  const rows = useMemo(() => {
    if (!tree.data) return []
    return flatten(tree.data).filter((r) => {
      if (q && !r.name.includes(q) && !r.code.includes(q)) return false
      if (kind !== 'all' && r.isRural !== (kind === 'rural')) return false
      if (state === 'active' && r.retiredAt) return false
      if (state === 'retired' && !r.retiredAt) return false
      return true
    })
  }, [tree.data, q, kind, state])

  if (!user || !allowed) {
    return (
      <PageShell className='places-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const change = (node: Row, body: AreaChange, done: string) => void save(() => changeArea(node.id, body), done)
  const root = tree.data
  const streets = root ? [root, ...root.children.filter((c) => c.level === AreaLevel.Street && !c.retiredAt)] : []
  const parentsFor = (node: Row) => (root ? root.children.filter((s) => s.level === AreaLevel.Street && !s.retiredAt && s.id !== node.parentId) : [])

  const submitNew = async () => {
    if (parentId === null) return
    const ok = await save(() => addArea({ parentId, code: code.trim(), name: name.trim(), isRural: rural === 'rural' }), '已新建')
    if (ok) {
      setCode('')
      setName('')
      setAdding(false)
    }
  }

  const columns: Column<Row>[] = [
    { title: '名称', grow: 2, cell: (r) => <View style={{ paddingLeft: `${r.depth * 24}px` }}>{r.name}</View> },
    { title: '统计用区划代码', grow: 1.5, cell: (r) => r.code },
    { title: '级别', cell: (r) => AREA_LEVEL_LABELS[r.level] },
    { title: '上级', cell: (r) => r.parentName || '—' },
    { title: '城乡', cell: (r) => (r.isRural ? '乡村' : '城市') },
    { title: '状态', cell: (r) => (r.retiredAt ? '已停用' : '在用') },
    {
      title: '操作',
      grow: 3,
      cell: (r) =>
        r.id === root?.id ? (
          <View className='muted'>本级</View>
        ) : (
          <View className='places-page__actions'>
            <Button id={`area-rename-${r.id}`} size='small' fill='outline' onClick={() => { setNewName(r.name); setEditing({ kind: 'rename', node: r }) }}>
              改名
            </Button>
            <Button id={`area-rural-${r.id}`} size='small' fill='outline' disabled={busy} onClick={() => change(r, { isRural: !r.isRural }, '已修改')}>
              {r.isRural ? '改为城市' : '改为乡村'}
            </Button>
            {r.level === AreaLevel.Community ? (
              <Button id={`area-move-${r.id}`} size='small' fill='outline' onClick={() => setEditing({ kind: 'move', node: r })}>
                移到别的街道
              </Button>
            ) : null}
            <Button id={`area-retire-${r.id}`} size='small' fill='outline' disabled={busy} onClick={() => change(r, { retired: !r.retiredAt }, r.retiredAt ? '已恢复' : '已停用')}>
              {r.retiredAt ? '恢复使用' : '停用'}
            </Button>
          </View>
        )
    }
  ]

  return (
    <PageShell className='places-page'>
      <View className='places-page__title'>{user.area?.name}的街道和社区</View>
      <View className='muted places-page__note'>撤并的街道、社区请“停用”，不要删除：居民和活动的记录还要用到它。</View>

      <View className='card place-filters'>
        <View className='place-filters__search'>
          <Input id='areas-search' className='place-filters__input' value={draft} placeholder='名称或区划代码' maxLength={20} onChange={(v: string) => setDraft(v)} onConfirm={() => setQ(draft.trim())} />
          <Button id='areas-search-go' type='primary' size='large' onClick={() => setQ(draft.trim())}>
            查找
          </Button>
        </View>
        <ChipGroup id='areas-kind' options={KINDS} isOn={(v) => v === kind} onTap={setKind} />
        <ChipGroup id='areas-state' options={STATES} isOn={(v) => v === state} onTap={setState} />
        <View className='button-row'>
          <Button id='areas-add' type='primary' size='large' onClick={() => setAdding(!adding)}>
            {adding ? '收起' : '新建街道或社区'}
          </Button>
        </View>
      </View>

      {adding ? (
        <Section id='areas-new' title='新建街道/镇或社区/村'>
          <View className='card'>
            <FormField label='上级区域' hint='在区下面建街道/镇，在街道下面建社区/村。'>
              <View className='area-picker__choices' id='areas-new-parent'>
                {streets.map((s) => (
                  <View role='button' key={s.id} id={`areas-new-parent-${s.id}`} className={s.id === parentId ? 'area-picker__choice area-picker__choice--on' : 'area-picker__choice'} onClick={() => setParentId(s.id)}>
                    {s.name}
                  </View>
                ))}
              </View>
            </FormField>
            <FormField label='统计用区划代码' hint='12位数字，如 330203001001'>
              <Input id='areas-new-code' value={code} maxLength={12} type='digit' onChange={(v: string) => setCode(v)} />
            </FormField>
            <FormField label='名称'>
              <Input id='areas-new-name' value={name} maxLength={64} onChange={(v: string) => setName(v)} />
            </FormField>
            <FormField label='城市还是乡村'>
              <ChipGroup id='areas-new-rural' options={RURAL} isOn={(v) => v === rural} onTap={setRural} />
            </FormField>
            <Button id='areas-new-save' type='primary' size='large' block loading={busy} disabled={parentId === null} onClick={() => void submitNew()}>
              保存
            </Button>
          </View>
        </Section>
      ) : null}

      {editing?.kind === 'rename' ? (
        <Section id='areas-rename' title={`给“${editing.node.name}”改名`}>
          <View className='card'>
            <Input id='areas-rename-name' value={newName} maxLength={64} onChange={(v: string) => setNewName(v)} />
            <View className='button-row'>
              <Button id='areas-rename-save' type='primary' size='large' loading={busy} onClick={() => change(editing.node, { name: newName.trim() }, '已改名')}>
                保存
              </Button>
              <Button fill='outline' size='large' onClick={() => setEditing(null)}>
                取消
              </Button>
            </View>
          </View>
        </Section>
      ) : null}

      {editing?.kind === 'move' ? (
        <Section id='areas-move' title={`把“${editing.node.name}”移到哪个街道下？`}>
          <View className='card area-picker__choices'>
            {parentsFor(editing.node).map((s) => (
              <View role='button' key={s.id} id={`areas-move-to-${s.id}`} className='area-picker__choice' onClick={() => change(editing.node, { parentId: s.id }, '已移动')}>
                {s.name}
              </View>
            ))}
            <Button fill='outline' size='large' onClick={() => setEditing(null)}>
              取消
            </Button>
          </View>
        </Section>
      ) : null}

      {tree.error ? <ErrorNotice error={tree.error} onRetry={tree.reload} /> : null}
      {tree.loading && !tree.data ? <LoadingNotice /> : null}
      {tree.data ? rows.length ? <DataTable id='areas-table' columns={columns} rows={rows} rowId={(r) => `area-row-${r.id}`} dim={(r) => !!r.retiredAt} /> : <EmptyNotice id='areas-empty' text='没有符合条件的区域。' /> : null}

      <Section id='areas-import-help' title='从区划代码表导入'>
        <View className='card'>
          <View className='muted places-page__note'>
            表格第一行是表头，要有“统计用区划代码”和“名称”两列，可以有“城乡分类代码”（如 111 城市、220 乡村）。每行一个街道/镇或社区/村，按代码新增或改名；同一份表再导入不会重复。不超过 2 MB、5000 行。
          </View>
          <FileImport<AreaImportResult>
            id='areas-import'
            maxBytes={AREA_FILE_MAX_BYTES}
            send={importAreas}
            changes={(r) => r.changes.length}
            onApplied={tree.reload}
            describe={(r) => (
              <View className='areas-page__changes'>
                {r.changes.map((c) => (
                  <View key={c.code} className='areas-page__change'>
                    第{c.line}行 {c.kind === 'add' ? '新增' : '修改'} {AREA_LEVEL_LABELS[c.level]} {c.name}（{c.code}，{c.isRural ? '乡村' : '城市'}）
                    {c.was ? `，原来是 ${c.was.name}（${c.was.isRural ? '乡村' : '城市'}）` : ''}
                  </View>
                ))}
                <View className='muted'>另有 {r.unchanged} 行和现在的一样。</View>
              </View>
            )}
          />
        </View>
      </Section>
    </PageShell>
  )
}
