import type { TaskEntryUpdate } from '@lp/shared'
import type { TaskEntry, TaskTable } from './api/types'
import { api, type PickedFile } from './request'

/** The district's 任务分解表, and the values its entered rows get per area and year (the server checks the scope). */

export function getTaskTable(areaId: number): Promise<TaskTable> {
  return api.get('/api/areas/{id}/task-table', { path: { id: areaId } })
}

/** The rows a file would make the table: apply false reads it and writes nothing; true replaces the table. */
export function importTaskTable(districtId: number, file: PickedFile, apply: boolean): Promise<TaskTable> {
  const path = apply ? '/api/areas/{id}/task-table/import' : '/api/areas/{id}/task-table/import/preview'
  return api.postForm(path, 'file', file, { path: { id: districtId } }, '任务分解表没有导入成功，请稍后再试。')
}

export function getTaskEntries(areaId: number, year: number): Promise<TaskEntry[]> {
  return api.get('/api/areas/{id}/task-entries', { path: { id: areaId }, query: { year } })
}

/** 填报 one row the portal cannot measure: the value, whether it meets the target, the evidence files (uploaded first). */
export function saveTaskEntry(areaId: number, rowId: number, year: number, update: TaskEntryUpdate): Promise<TaskEntry> {
  return api.put('/api/areas/{id}/task-entries/{rowId}/{year}', { path: { id: areaId, rowId, year }, body: update })
}
