import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PLACES_FILE_MAX_BYTES, WEEKDAY_LABELS } from '@lp/shared'
import { useState } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import FormField from '../../../../components/FormField'
import PageShell from '../../../../components/PageShell'
import Section from '../../../../components/Section'
import { useLoader } from '../../../../hooks/useLoader'
import { getManagedTree } from '../../../../services/areas'
import { changeVenue, createVenue, importVenues, listAdminVenues, type PlaceQuery, type VenueInput } from '../../../../services/places'
import type { AreaAdminNode, PlaceImportResult, VenueAdminItem } from '../../../../services/api/types'
import { useCurrentUser } from '../../../../services/session'
import { ROUTES, isAdmin } from '../../../../utils/routes'
import { Button, Input } from '../../../../ui/nutui'
import AreaPicker from '../../components/AreaPicker'
import MapPicker from '../../components/MapPicker'
import { PagedTable, type Column } from '../../components/DataTable'
import FileImport from '../../components/FileImport'
import PlaceChanges from '../../components/PlaceFilters/PlaceChanges'
import PlaceFilters from '../../components/PlaceFilters'
import { usePlaceEditing } from '../../components/PlaceFilters/usePlaceEditing'
import './index.scss'

type OpeningPeriod = VenueAdminItem['openingHours'][number]

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]
const PERIOD = /^(\d{1,2}:\d\d)\s*[-~至到]\s*(\d{1,2}:\d\d)$/

interface Form {
  id: number | null
  name: string
  address: string
  areaId: number | null
  latitude: string
  longitude: string
  capacity: string
  schoolId: number | null
  rooms: { name: string; capacity: string }[]
  /** Per weekday, “08:30-12:00，14:00-17:00”; empty when closed. */
  hours: Record<number, string>
}

const EMPTY: Form = { id: null, name: '', address: '', areaId: null, latitude: '', longitude: '', capacity: '', schoolId: null, rooms: [], hours: {} }

const hoursText = (periods: OpeningPeriod[], weekday: number) =>
  periods.filter((p) => p.weekday === weekday).map((p) => `${p.opens}-${p.closes}`).join('，')

const hoursSummary = (periods: OpeningPeriod[]) =>
  WEEKDAYS.filter((d) => periods.some((p) => p.weekday === d)).map((d) => `${WEEKDAY_LABELS[d]} ${hoursText(periods, d)}`).join('；') || '没有填'

function formOf(v: VenueAdminItem): Form {
  return {
    id: v.id, name: v.name, address: v.address, areaId: v.area.id, latitude: String(v.latitude), longitude: String(v.longitude), capacity: String(v.capacity),
    schoolId: v.school?.id ?? null, rooms: v.rooms.map((r) => ({ name: r.name, capacity: String(r.capacity) })),
    hours: Object.fromEntries(WEEKDAYS.map((d) => [d, hoursText(v.openingHours, d)]))
  }
}

/** The form as the API takes it, or what the person must fix first, in words. */
function bodyOf(f: Form): VenueInput | string {
  const latitude = Number(f.latitude)
  const longitude = Number(f.longitude)
  const capacity = Number(f.capacity)
  if (f.areaId === null) return '请选择所在区域'
  if (!f.latitude.trim() || Number.isNaN(latitude)) return '纬度请填数字，如 29.87'
  if (!f.longitude.trim() || Number.isNaN(longitude)) return '经度请填数字，如 121.55'
  if (!Number.isInteger(capacity)) return '容纳人数请填整数'
  const openingHours: OpeningPeriod[] = []
  for (const d of WEEKDAYS) {
    for (const part of (f.hours[d] ?? '').split(/[,，;；]/).map((p) => p.trim()).filter(Boolean)) {
      const m = PERIOD.exec(part)
      if (!m) return `${WEEKDAY_LABELS[d]}的开放时间请写成 08:30-17:00 这样`
      openingHours.push({ weekday: d, opens: m[1].padStart(5, '0'), closes: m[2].padStart(5, '0') })
    }
  }
  const rooms = f.rooms.filter((r) => r.name.trim()).map((r) => ({ name: r.name.trim(), capacity: Number(r.capacity) }))
  if (rooms.some((r) => !Number.isInteger(r.capacity))) return '教室人数请填整数'
  return { name: f.name.trim(), address: f.address.trim(), areaId: f.areaId, latitude, longitude, capacity, schoolId: f.schoolId, rooms, openingHours }
}

/** 场地资源库: the venues of the admin's area with rooms, capacity and opening hours; add, edit, deactivate, import. */
export default function VenuesPage() {
  const user = useCurrentUser()
  const allowed = isAdmin(user) && !!user?.area
  const tree = useLoader(getManagedTree, [user?.id], allowed)
  const [query, setQuery] = useState<PlaceQuery>({ areaId: null, q: '', active: null, page: 1 })
  const list = useLoader(() => listAdminVenues(query), [query], allowed)
  const { form, setForm, busy, save } = usePlaceEditing<Form>(list.reload)

  if (!user || !allowed) {
    return (
      <PageShell className='places-page'>
        <EmptyNotice text='请用管理员账号登录后查看。' actionText='去登录' onAction={() => void Taro.reLaunch({ url: ROUTES.login })} />
      </PageShell>
    )
  }

  const submit = (f: Form) => {
    const body = bodyOf(f)
    if (typeof body === 'string') {
      void Taro.showModal({ title: '请先改一下', content: body, showCancel: false, confirmText: '知道了' })
      return
    }
    void save(() => (f.id === null ? createVenue(body) : changeVenue(f.id, body)), '已保存')
  }

  const columns: Column<VenueAdminItem>[] = [
    { title: '场地名称', grow: 1.5, cell: (v) => v.name },
    { title: '所在区域', cell: (v) => `${v.area.name}${v.area.retired ? '（已停用）' : ''}` },
    { title: '地址', grow: 1.5, cell: (v) => v.address },
    { title: '容纳', cell: (v) => `${v.capacity} 人` },
    { title: '教室', grow: 1.5, cell: (v) => v.rooms.map((r) => `${r.name} ${r.capacity}人`).join('、') || '—' },
    { title: '开放时间', grow: 2, cell: (v) => hoursSummary(v.openingHours) },
    { title: '状态', cell: (v) => (v.active ? '在用' : '已停用') },
    {
      title: '操作',
      grow: 1.5,
      cell: (v) => (
        <View className='places-page__actions'>
          <Button id={`venue-edit-${v.id}`} size='small' fill='outline' onClick={() => setForm(formOf(v))}>
            修改
          </Button>
          <Button id={`venue-active-${v.id}`} size='small' fill='outline' disabled={busy} onClick={() => void save(() => changeVenue(v.id, { active: !v.active }), v.active ? '已停用' : '已恢复')}>
            {v.active ? '停用' : '恢复使用'}
          </Button>
        </View>
      )
    }
  ]

  return (
    <PageShell className='places-page'>
      <View className='places-page__title'>{user.area?.name}的场地资源库</View>
      <View className='muted places-page__note'>居民“附近的课”按场地的经纬度找，请填准。不再使用的场地请“停用”。</View>
      {tree.error ? <ErrorNotice error={tree.error} onRetry={tree.reload} /> : null}
      {tree.data ? <PlaceFilters id='venues' tree={tree.data} query={query} onChange={setQuery} placeholder='场地名称或地址里的字' /> : null}

      {/* shown with the filters, not before them: a button that jumps down as they arrive takes a tap meant for it elsewhere */}
      {tree.data ? (
        <View className='button-row'>
          <Button id='venues-add' type='primary' size='large' onClick={() => setForm(form ? null : EMPTY)}>
            {form ? '收起' : '新增场地'}
          </Button>
        </View>
      ) : null}

      {form && tree.data ? <VenueForm tree={tree.data} form={form} busy={busy} onChange={setForm} onSubmit={() => submit(form)} /> : null}

      <PagedTable id='venues' list={list} columns={columns} rowId={(v) => `venue-row-${v.id}`} dim={(v) => !v.active} empty={query.q ? '没有找到这个场地。' : '这里还没有场地，可以新增或从表格导入。'} onPage={(page) => setQuery({ ...query, page })} />

      <Section id='venues-import-help' title='从表格导入场地'>
        <View className='card'>
          <View className='muted places-page__note'>
            表格第一行是表头：“场地名称”“区划代码”“地址”“纬度”“经度”“容纳人数”，可以有“所属学校”“教室”（写成 101教室:30；多功能厅:80）“开放时间”（写成 周一至周五 08:30-17:00；周六 09:00-12:00）。按区域和名称新增或修改。
          </View>
          <FileImport<PlaceImportResult> id='venues-import' maxBytes={PLACES_FILE_MAX_BYTES} send={importVenues} changes={(r) => r.changes.length} onApplied={list.reload} describe={(r) => <PlaceChanges result={r} />} />
        </View>
      </Section>
    </PageShell>
  )
}

function VenueForm({ tree, form, busy, onChange, onSubmit }: { tree: AreaAdminNode; form: Form; busy: boolean; onChange: (f: Form) => void; onSubmit: () => void }) {
  const setRoom = (i: number, part: Partial<Form['rooms'][number]>) => onChange({ ...form, rooms: form.rooms.map((r, j) => (j === i ? { ...r, ...part } : r)) })
  return (
    <Section id='venue-form' title={form.id === null ? '新增场地' : `修改：${form.name}`}>
      <View className='card'>
        <FormField label='场地名称'>
          <Input id='venue-form-name' value={form.name} maxLength={64} onChange={(v: string) => onChange({ ...form, name: v })} />
        </FormField>
        <FormField label='所在区域' hint='点街道，再点社区。'>
          <AreaPicker id='venue-form-area' tree={tree} value={form.areaId} onChange={(areaId) => onChange({ ...form, areaId })} />
        </FormField>
        <FormField label='地址'>
          <Input id='venue-form-address' value={form.address} maxLength={200} onChange={(v: string) => onChange({ ...form, address: v })} />
        </FormField>
        <FormField label='位置（纬度、经度）' hint='在下面的地图上点一下场地；地图打不开时，在手机地图里长按这个地点，把显示的纬度、经度抄到这里，如 29.87 和 121.55。'>
          <View className='places-page__pair'>
            <Input id='venue-form-latitude' value={form.latitude} placeholder='纬度' type='digit' maxLength={12} onChange={(v: string) => onChange({ ...form, latitude: v })} />
            <Input id='venue-form-longitude' value={form.longitude} placeholder='经度' type='digit' maxLength={12} onChange={(v: string) => onChange({ ...form, longitude: v })} />
          </View>
          <MapPicker id='venue-form-map' latitude={form.latitude} longitude={form.longitude} onPick={(latitude, longitude) => onChange({ ...form, latitude, longitude })} />
        </FormField>
        <FormField label='整个场地能容纳多少人'>
          <Input id='venue-form-capacity' value={form.capacity} type='number' maxLength={6} onChange={(v: string) => onChange({ ...form, capacity: v })} />
        </FormField>
        <FormField label='教室' hint='每间教室的名称和能坐多少人；没有可以不填。'>
          <View className='places-page__rows' id='venue-form-rooms'>
            {form.rooms.map((r, i) => (
              <View key={i} className='places-page__row'>
                <Input id={`venue-form-room-name-${i}`} className='places-page__row-input' value={r.name} placeholder='教室名称' maxLength={64} onChange={(v: string) => setRoom(i, { name: v })} />
                <Input id={`venue-form-room-capacity-${i}`} className='places-page__row-input' value={r.capacity} placeholder='人数' type='number' maxLength={6} onChange={(v: string) => setRoom(i, { capacity: v })} />
                <Button id={`venue-form-room-remove-${i}`} size='small' fill='outline' onClick={() => onChange({ ...form, rooms: form.rooms.filter((_, j) => j !== i) })}>
                  删掉这间
                </Button>
              </View>
            ))}
            <Button id='venue-form-room-add' size='large' fill='outline' onClick={() => onChange({ ...form, rooms: [...form.rooms, { name: '', capacity: '' }] })}>
              添加一间教室
            </Button>
          </View>
        </FormField>
        <FormField label='开放时间' hint='每天写成 08:30-17:00；上下午分开就写 08:30-11:30，14:00-17:00；不开放的日子空着。'>
          <View className='places-page__rows' id='venue-form-hours'>
            {WEEKDAYS.map((d) => (
              <View key={d} className='places-page__row'>
                <View>{WEEKDAY_LABELS[d]}</View>
                <Input id={`venue-form-hours-${d}`} className='places-page__row-input' value={form.hours[d] ?? ''} placeholder='不开放' maxLength={40} onChange={(v: string) => onChange({ ...form, hours: { ...form.hours, [d]: v } })} />
              </View>
            ))}
          </View>
        </FormField>
        <Button id='venue-form-save' type='primary' size='large' block loading={busy} onClick={onSubmit}>
          保存
        </Button>
      </View>
    </Section>
  )
}
