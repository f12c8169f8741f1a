import type { AdminLearningRecordView, RecordVoided } from './api/types'
import { api } from './request'

/** 学习记录 as the admin of their area sees them: find one by its number, void a wrong one. */

export function findLearningRecord(id: string): Promise<AdminLearningRecordView> {
  return api.get('/api/learning-records/{id}', { path: { id } })
}

/** Writes a reversing record and takes back the credits it gave; 409 when they were already converted. */
export function voidLearningRecord(id: string, reason: string): Promise<RecordVoided> {
  return api.post('/api/learning-records/{id}/void', { path: { id }, body: { reason } })
}
