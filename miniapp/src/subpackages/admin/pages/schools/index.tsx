import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PLACES_FILE_MAX_BYTES, SCHOOL_TYPE_LABELS, SchoolType } from '@lp/shared'
import { useState } from 'react'
import ChipGroup from '../../../../components/ChipGroup'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { getManagedTree } from '../../../../services/areas'
import { changeSchool, createSchool, importSchools, listAdminSchools, type PlaceQuery } from '../../../../services/places'
import type { AreaAdminNode, PlaceImportResult, SchoolAdminItem } from '../../../../services/api/types'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { Button, Input } from '../../../../ui/nutui'
import AreaPicker from '../../components/AreaPicker'
import { PagedTable, type Column } from '../../components/DataTable'
import FileImport from '../../components/FileImport'
import PlaceChanges from '../../components/PlaceFilters/PlaceChanges'
import PlaceFilters from '../../components/PlaceFilters'
import { usePlaceEditing } from '../../components/PlaceFilters/usePlaceEditing'
import './index.scss'

const TYPES = Object.values(SchoolType).map((value) => ({ value, label: SCHOOL_TYPE_LABELS[value] }))
const TYPE_FILTER = [{ value: 'all' as const, label: '所有类别' }, ...TYPES]

interface Form {
  id: number | null
  name: string
  type: SchoolType | null
  areaId: number | null
  address: string
}
const EMPTY: Form = { id: null, name: '', type: null, areaId: null, address: '' }

/** 学校管理: 社区学院、街道分院/成校、社区市民学校、老年大学 of the admin's area, as a table; add, edit, deactivate, import. */
export default function SchoolsPage() {
  const user = useCurrentUser()
  const allowed = isAdmin(user) && !!user?.area
  const tree = useLoader(getManagedTree, [user?.id], allowed)
  const [query, setQuery] = useState<PlaceQuery>({ areaId: null, q: '', active: null, page: 1 })
  const [type, setType] = useState<SchoolType | null>(null)
  const list = useLoader(() => listAdminSchools(query, type), [query, type], allowed)
  const { form, setForm, busy, save } = usePlaceEditing<Form>(list.reload)

  if (!user || !allowed) {
    return (
      <PageShell className='places-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const submit = (f: Form) => {
    if (!f.type || f.areaId === null) return
    const body = { name: f.name.trim(), type: f.type, areaId: f.areaId, address: f.address.trim() || null }
    void save(() => (f.id === null ? createSchool(body) : changeSchool(f.id, body)), '已保存')
  }

  const columns: Column<SchoolAdminItem>[] = [
    { title: '学校名称', grow: 2, cell: (s) => s.name },
    { title: '类别', cell: (s) => SCHOOL_TYPE_LABELS[s.type] },
    { title: '所在区域', cell: (s) => `${s.area.name}${s.area.retired ? '（已停用）' : ''}` },
    { title: '地址', grow: 2, cell: (s) => s.address ?? '—' },
    { title: '场地', cell: (s) => `${s.venueCount} 处` },
    { title: '状态', cell: (s) => (s.active ? '在用' : '已停用') },
    {
      title: '操作',
      grow: 1.5,
      cell: (s) => (
        <View className='places-page__actions'>
          <Button id={`school-edit-${s.id}`} size='small' fill='outline' onClick={() => setForm({ id: s.id, name: s.name, type: s.type, areaId: s.area.id, address: s.address ?? '' })}>
            修改
          </Button>
          <Button id={`school-active-${s.id}`} size='small' fill='outline' disabled={busy} onClick={() => void save(() => changeSchool(s.id, { active: !s.active }), s.active ? '已停用' : '已恢复')}>
            {s.active ? '停用' : '恢复使用'}
          </Button>
        </View>
      )
    }
  ]

  return (
    <PageShell className='places-page'>
      <View className='places-page__title'>{user.area?.name}的学校</View>
      <View className='muted places-page__note'>关闭的学校请“停用”：它的课程记录还在，但不能再发布新课程。</View>
      {tree.error ? <ErrorNotice error={tree.error} onRetry={tree.reload} /> : null}
      {tree.data ? (
        <PlaceFilters id='schools' tree={tree.data} query={query} onChange={setQuery} placeholder='学校名称或地址里的字'>
          <ChipGroup id='schools-type' options={TYPE_FILTER} isOn={(v) => v === (type ?? 'all')} onTap={(v) => { setType(v === 'all' ? null : v); setQuery({ ...query, page: 1 }) }} />
        </PlaceFilters>
      ) : null}

      {/* shown with the filters, not before them: a button that jumps down as they arrive takes a tap meant for it elsewhere */}
      {tree.data ? (
        <View className='button-row'>
          <Button id='schools-add' type='primary' size='large' onClick={() => setForm(form ? null : EMPTY)}>
            {form ? '收起' : '新增学校'}
          </Button>
        </View>
      ) : null}

      {form && tree.data ? <SchoolForm tree={tree.data} form={form} busy={busy} onChange={setForm} onSubmit={() => submit(form)} /> : null}

      <PagedTable id='schools' list={list} columns={columns} rowId={(s) => `school-row-${s.id}`} dim={(s) => !s.active} empty={query.q ? '没有找到这所学校。' : '这里还没有学校，可以新增或从表格导入。'} onPage={(page) => setQuery({ ...query, page })} />

      <Section id='schools-import-help' title='从表格导入学校'>
        <View className='card'>
          <View className='muted places-page__note'>
            表格第一行是表头：“学校名称”“类别”“区划代码”，可以有“地址”。类别写 社区学院、街道分院/成校、社区市民学校 或 老年大学；区划代码是学校所在街道或社区的12位代码。按名称新增或修改，同一份表再导入不会重复。
          </View>
          <FileImport<PlaceImportResult> id='schools-import' maxBytes={PLACES_FILE_MAX_BYTES} send={importSchools} changes={(r) => r.changes.length} onApplied={list.reload} describe={(r) => <PlaceChanges result={r} />} />
        </View>
      </Section>
    </PageShell>
  )
}

function SchoolForm({ tree, form, busy, onChange, onSubmit }: { tree: AreaAdminNode; form: Form; busy: boolean; onChange: (f: Form) => void; onSubmit: () => void }) {
  return (
    <Section id='school-form' title={form.id === null ? '新增学校' : `修改：${form.name}`}>
      <View className='card'>
        <FormField label='学校名称'>
          <Input id='school-form-name' value={form.name} maxLength={64} onChange={(v: string) => onChange({ ...form, name: v })} />
        </FormField>
        <FormField label='类别'>
          <ChipGroup id='school-form-type' options={TYPES} isOn={(v) => v === form.type} onTap={(v) => onChange({ ...form, type: v })} />
        </FormField>
        <FormField label='所在区域' hint='点街道，再点社区；学校属于整个街道时点“本级”。'>
          <AreaPicker id='school-form-area' tree={tree} value={form.areaId} onChange={(areaId) => onChange({ ...form, areaId })} />
        </FormField>
        <FormField label='地址' hint='可以不填'>
          <Input id='school-form-address' value={form.address} maxLength={200} onChange={(v: string) => onChange({ ...form, address: v })} />
        </FormField>
        <Button id='school-form-save' type='primary' size='large' block loading={busy} disabled={!form.type || form.areaId === null} onClick={onSubmit}>
          保存
        </Button>
      </View>
    </Section>
  )
}
