import { CATEGORY_LABELS, isoDuration, LearningSource, XapiStatement } from '@lp/shared';
import { createHash } from 'node:crypto';
import { CreditedRecord } from './transcripts.repository';

/**
 * Learning records as xAPI 1.0.3 statements, for other learning-record stores.
 * - actor: an account on this platform (homePage = PUBLIC_BASE_URL), named by the resident's
 *   random user id; never a name, phone or ID number;
 * - verb: attended (offline check-in) or completed (online lesson, certification, import);
 * - a voiding record becomes a `voided` statement pointing at the statement it voids;
 * - statement ids are derived from the record, so exporting twice never duplicates in a store.
 */
const VERBS = {
  attended: { id: 'http://adlnet.gov/expapi/verbs/attended', display: { 'zh-CN': '参加了', 'en-US': 'attended' } },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'zh-CN': '完成了', 'en-US': 'completed' } },
  voided: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'zh-CN': '作废了', 'en-US': 'voided' } },
};

const ACTIVITY_TYPES: Record<LearningSource, string> = {
  attendance: 'http://adlnet.gov/expapi/activities/meeting',
  online_lesson: 'http://adlnet.gov/expapi/activities/lesson',
  certification: 'http://adlnet.gov/expapi/activities/assessment',
  admin_import: 'http://adlnet.gov/expapi/activities/course',
};

/** A UUID (version 8, name-based) that is the same for the same record on the same deployment. */
export function statementId(baseUrl: string, recordId: string): string {
  const h = createHash('sha256').update(`${baseUrl}|learning_record|${recordId}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** ISO 8601 in Asia/Shanghai with its offset: 2025-11-22T14:05:00+08:00. */
export function shanghaiTimestamp(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

export function toStatement(record: CreditedRecord, residentId: string, baseUrl: string): XapiStatement {
  const actor = { objectType: 'Agent' as const, account: { homePage: baseUrl, name: residentId } };
  const base = { id: statementId(baseUrl, record.id), actor, timestamp: shanghaiTimestamp(record.occurredAt), version: '1.0.3' as const };
  if (record.voidsId) {
    return { ...base, verb: VERBS.voided, object: { objectType: 'StatementRef', id: statementId(baseUrl, record.voidsId) } };
  }
  const ext = `${baseUrl}/xapi/extensions`;
  return {
    ...base,
    verb: record.source === 'attendance' ? VERBS.attended : VERBS.completed,
    object: {
      objectType: 'Activity',
      id: record.offeringId ? `${baseUrl}/api/offerings/${record.offeringId}` : `${baseUrl}/xapi/activities/learning-records/${record.id}`,
      definition: { name: { 'zh-CN': record.title?.trim() || CATEGORY_LABELS[record.category] }, type: ACTIVITY_TYPES[record.source] },
    },
    result: { duration: isoDuration(record.minutes), completion: true },
    context: {
      platform: '终身学习门户',
      language: 'zh-CN',
      extensions: {
        [`${ext}/credits-milli`]: record.creditsMilli,
        [`${ext}/category`]: record.category,
        [`${ext}/source`]: record.source,
      },
    },
  };
}
