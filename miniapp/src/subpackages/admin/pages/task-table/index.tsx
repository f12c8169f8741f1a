import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { AreaLevel, Role } from '@lp/shared'
import { useState, type ReactNode } from 'react'
import EmptyNotice from '../../../../components/EmptyNotice'
import ErrorNotice from '../../../../components/ErrorNotice'
import LoadingNotice from '../../../../components/LoadingNotice'
import PageShell from '../../../../components/PageShell'
import { useLoader } from '../../../../hooks/useLoader'
import { useCurrentUser } from '../../../../services/session'
import { exportIndicatorWorkbook, getOverview } from '../../../../services/statistics'
import { getTaskEntries, getTaskTable, importTaskTable } from '../../../../services/task-table'
import { tellDone, tellError } from '../../../../utils/feedback'
import { idParam } from '../../../../utils/params'
import { isAdmin } from '../../../../utils/routes'
import { Button } from '../../../../ui/nutui'
import EvidenceViewer from '../../components/EvidenceViewer'
import FileImport from '../../components/FileImport'
import YearStepper from '../../components/YearStepper'
import { currentYear } from '../../population-fields'
import type { TaskEvidence, TaskTable } from '../../../../services/api/types'
import EntryForm from './EntryForm'
import { byLevel1, shownRows, type ShownRow } from './rows'
import './index.scss'

/** The largest table file the server takes. */
const TABLE_FILE_MAX_BYTES = 2 * 1024 * 1024

async function loadAll(areaId: number, year: number) {
  const [table, overview, entries] = await Promise.all([getTaskTable(areaId), getOverview(areaId, year), getTaskEntries(areaId, year)])
  return { table, overview, rows: shownRows(table.rows, overview.indicators, entries) }
}

/**
 * 任务分解表: the district's table in its 一级指标 order with each line's 责任部门, target, current
 * value and progress in words, the warnings where a figure cannot be right, and 填报 for the lines
 * the portal cannot measure. The district's super-admin imports the table; the workbook for the
 * inspection is the same lines.
 */
export default function TaskTablePage() {
  const user = useCurrentUser()
  const { params } = useRouter()
  const areaId = idParam(params.areaId) ?? user?.area?.id ?? null
  const thisYear = currentYear()
  const [year, setYear] = useState(idParam(params.year) ?? thisYear)
  const [editing, setEditing] = useState<number | null>(null)
  const [exporting, setExporting] = useState(false)
  const allowed = isAdmin(user) && areaId !== null
  const loaded = useLoader(() => loadAll(areaId ?? 0, year), [areaId, year], allowed)

  if (!allowed || areaId === null) {
    return (
      <PageShell className='task-table'>
        <EmptyNotice text='这里是管理后台，请用管理员账号登录。' />
      </PageShell>
    )
  }

  const data = loaded.data
  const areaName = data?.overview.area.name ?? user?.area?.name ?? ''
  const canImport = user?.role === Role.SuperAdmin && user.area?.level === AreaLevel.District && user.area.id === areaId

  const download = async () => {
    setExporting(true)
    try {
      await exportIndicatorWorkbook(areaId, year, areaName)
      if (process.env.TARO_ENV === 'h5') tellDone('已开始下载')
    } catch (error) {
      tellError(error)
    } finally {
      setExporting(false)
    }
  }

  return (
    <PageShell className='task-table'>
      <View className='task-table__title' id='task-table-title'>
        {areaName} {year}年 任务分解表
      </View>
      <YearStepper year={year} max={thisYear} onChange={(y) => { setEditing(null); setYear(y) }} />
      {data ? (
        <View className='card muted task-table__note' id='task-table-kind' data-custom={data.table.custom ? 'yes' : 'no'}>
          {data.table.custom
            ? `这是${data.table.district.name}导入的任务分解表，共 ${data.table.rows.length} 项，按一级指标排列。`
            : `${data.table.district.name}还没有导入自己的任务分解表，下面是门户能计算的各项指标。区级超级管理员可以在本页下方导入。`}
        </View>
      ) : null}
      <View className='button-row'>
        <Button id='task-table-export' type='primary' size='large' block loading={exporting} onClick={() => void download()}>
          下载检查用的 Excel 表
        </Button>
      </View>
      {loaded.error ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.loading && !data ? <LoadingNotice /> : null}
      {data ? (
        <View id='task-table' data-year={year} data-area={areaId}>
          {byLevel1(data.rows, (r) => r.row.level1).map((group) => (
            <View key={group.level1} className='task-table__group'>
              <View className='task-table__level1'>{group.level1}</View>
              {group.lines.map((r) => (
                <RowCard
                  key={r.row.position}
                  shown={r}
                  editing={editing === r.row.id}
                  onEdit={() => setEditing(r.row.id)}
                  form={
                    r.row.id !== null && editing === r.row.id ? (
                      <EntryForm
                        areaId={areaId}
                        year={year}
                        rowId={r.row.id}
                        entry={r.entry}
                        onCancel={() => setEditing(null)}
                        onSaved={() => {
                          setEditing(null)
                          loaded.reload()
                        }}
                      />
                    ) : null
                  }
                />
              ))}
            </View>
          ))}
        </View>
      ) : null}
      {canImport ? (
        <View className='card task-table__import'>
          <View className='card__title'>导入本区的任务分解表</View>
          <View className='muted'>
            Excel 或 CSV，第一行是表头：一级指标、二级指标、指标、责任部门、目标、指标代码。门户算不出的项，指标代码写“填报”。导入会整表替换；已经有人填报以后就不能再替换。
          </View>
          <FileImport<{ applied: boolean; table: TaskTable }>
            id='task-table-import'
            maxBytes={TABLE_FILE_MAX_BYTES}
            send={async (file, apply) => ({ applied: apply, table: await importTaskTable(areaId, file, apply) })}
            changes={(result) => result.table.rows.length}
            describe={(result) => (
              <View className='muted' id='task-table-import-rows'>
                共 {result.table.rows.length} 项：{byLevel1(result.table.rows, (r) => r.level1).map((g) => `${g.level1} ${g.lines.length} 项`).join('，')}
              </View>
            )}
            onApplied={() => {
              setEditing(null)
              loaded.reload()
            }}
          />
        </View>
      ) : null}
    </PageShell>
  )
}

interface RowProps {
  shown: ShownRow
  editing: boolean
  onEdit: () => void
  form: ReactNode
}

/** One line of the table: what it asks, who is responsible, the target, where it stands now. */
function RowCard({ shown, editing, onEdit, form }: RowProps) {
  const { row } = shown
  const entered = row.indicator === null
  return (
    <View
      className='card task-row'
      id={`task-row-${row.position}`}
      data-level1={row.level1}
      data-label={row.label}
      data-target={shown.target}
      data-actual={shown.actual}
      data-progress={shown.progress}
      data-met={shown.met}
      data-departments={row.departments}
      data-evidence={shown.entry?.evidence.map((v) => v.name).join('、') ?? ''}
    >
      {row.level2 ? <View className='task-row__level2'>{row.level2}</View> : null}
      <View className='task-row__label'>{row.label}</View>
      <View className='task-row__line'>责任部门：{row.departments || '（表里没有写）'}</View>
      <View className='task-row__line'>目标：{shown.target}</View>
      <View className='task-row__line task-row__actual'>
        {entered ? '填报的完成情况' : '门户统计的现值'}：{shown.actual}
      </View>
      {shown.progress !== '—' ? <View className='task-row__progress'>{shown.progress}</View> : null}
      {shown.met !== '—' ? <View className='task-row__line'>是否达标：{shown.met}</View> : null}
      {shown.entry?.evidence.length ? <EvidenceList rowPosition={row.position} evidence={shown.entry.evidence} /> : null}
      {shown.warnings.map((w) => (
        <View key={w} className='task-row__warning'>
          请核对：{w}
        </View>
      ))}
      {entered && row.id !== null && !editing ? (
        <View className='button-row'>
          <Button id={`task-row-${row.position}-edit`} size='large' fill='outline' onClick={onEdit}>
            {shown.entry ? '修改填报' : '填报'}
          </Button>
        </View>
      ) : null}
      {form}
    </View>
  )
}

/** The names of a line's evidence files; each opens on a tap (the photo on the page, a PDF in the viewer). */
function EvidenceList({ rowPosition, evidence }: { rowPosition: number; evidence: TaskEvidence[] }) {
  const [open, setOpen] = useState<string | null>(null)
  return (
    <View className='task-row__line'>
      佐证材料：
      {evidence.map((v, i) => (
        <View key={v.uploadId} className='task-row__evidence'>
          <View className='task-row__evidence-name'>
            {i + 1}. {v.name}
          </View>
          <Button id={`task-row-${rowPosition}-evidence-${i}`} size='small' onClick={() => setOpen(open === v.uploadId ? null : v.uploadId)}>
            {open === v.uploadId ? '收起' : '查看'}
          </Button>
          {open === v.uploadId ? <EvidenceViewer uploadId={v.uploadId} id={`task-row-${rowPosition}-evidence-${i}-viewer`} alt={`佐证材料：${v.name}`} /> : null}
        </View>
      ))}
    </View>
  )
}
