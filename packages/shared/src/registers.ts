import { AreaSummary } from './api';

/**
 * The registers the 任务分解表 asks for (三、保障措施 · 师资队伍): 志愿者工作队伍入册、档案规范, and the
 * 成人教育工作者 (专职/兼职) with their 岗位培训和继续教育. Minutes, like every duration in the portal.
 */

export const VolunteerStatus = {
  /** 在册服务中 */
  Active: 'active',
  /** 暂停服务（如外出、生病），档案保留 */
  Paused: 'paused',
  /** 已退出 */
  Left: 'left',
} as const;
export type VolunteerStatus = (typeof VolunteerStatus)[keyof typeof VolunteerStatus];

export const VOLUNTEER_STATUS_LABELS: Record<VolunteerStatus, string> = {
  [VolunteerStatus.Active]: '在册服务中',
  [VolunteerStatus.Paused]: '暂停服务',
  [VolunteerStatus.Left]: '已退出',
};

/** Skills a volunteer can offer, as the 志愿者 档案 lists them; free text is kept short. */
export const VOLUNTEER_SKILLS_MAX = 10;
export const VOLUNTEER_SKILL_MAX_CHARS = 20;

/** How a volunteer came into the register. */
export type VolunteerJoinedBy = 'self' | 'admin';

/** One activity a volunteer helped with, and the minutes credited for it. */
export interface VolunteerServiceView {
  id: number;
  offering: { id: number; title: string };
  /** The session they helped with, if one was named. */
  sessionId: number | null;
  /** YYYY-MM-DD */
  servedOn: string;
  minutes: number;
  /** What they did (引导签到, 摄影, 讲解…). */
  duty: string;
}

/** GET /api/me/volunteer and the admin's view of one volunteer. */
export interface VolunteerView {
  id: number;
  realName: string;
  phoneMasked: string | null;
  area: AreaSummary;
  skills: string[];
  intro: string;
  status: VolunteerStatus;
  joinedBy: VolunteerJoinedBy;
  /** YYYY-MM-DD */
  joinedOn: string;
  totalMinutes: number;
  services: VolunteerServiceView[];
}

/** GET /api/admin/volunteers: one line of the register, phone masked. */
export interface VolunteerListItem {
  id: number;
  realName: string;
  phoneMasked: string | null;
  area: AreaSummary;
  skills: string[];
  status: VolunteerStatus;
  joinedOn: string;
  totalMinutes: number;
  activities: number;
}

export const WorkerKind = {
  /** 专职：counted by 成人教育专职工作者 */
  FullTime: 'full_time',
  /** 兼职 */
  PartTime: 'part_time',
} as const;
export type WorkerKind = (typeof WorkerKind)[keyof typeof WorkerKind];

export const WORKER_KIND_LABELS: Record<WorkerKind, string> = {
  [WorkerKind.FullTime]: '专职',
  [WorkerKind.PartTime]: '兼职',
};

/**
 * The continuing-education hours a worker needs in a year to count for 成人教育工作者继续教育参与率,
 * when the district has not set its own for that year: 72 学时 a year, the usual yearly share of the
 * 教师继续教育 requirement (360 学时 every five years) the seed puts adult-education workers under
 * (“成人继续教育工作者学习培训列入各地教师继续教育行列”).
 */
export const DEFAULT_REQUIRED_TRAINING_MINUTES = 72 * 60;

/** One continuing-education entry of a worker. */
export interface TrainingEntryView {
  id: number;
  /** YYYY-MM-DD */
  trainedOn: string;
  minutes: number;
  /** 培训或学习的内容 */
  what: string;
}

/** GET /api/admin/education-workers and /:id: phone masked. */
export interface EducationWorkerView {
  id: number;
  name: string;
  phoneMasked: string;
  kind: WorkerKind;
  area: AreaSummary;
  school: { id: number; name: string } | null;
  qualifications: string[];
  /** YYYY-MM-DD; leftOn null while in the register. */
  joinedOn: string;
  leftOn: string | null;
  /** The year asked for (this year by default): its continuing-education minutes and whether they reach the requirement. */
  year: number;
  yearMinutes: number;
  requiredMinutes: number;
  metRequirement: boolean;
  training: TrainingEntryView[];
}

/** GET/PUT /api/admin/education-workers/requirement/:year */
export interface TrainingRequirement {
  year: number;
  requiredMinutes: number;
  /** false while the default applies (DEFAULT_REQUIRED_TRAINING_MINUTES). */
  setByDistrict: boolean;
}
