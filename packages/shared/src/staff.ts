import { AreaLevel, Role } from './enums';
import { AreaSummary } from './api';

/** Whether a staff account can log in now. */
export const StaffStatus = {
  Active: 'active',
  Disabled: 'disabled',
} as const;
export type StaffStatus = (typeof StaffStatus)[keyof typeof StaffStatus];

export const STAFF_STATUS_LABELS: Record<StaffStatus, string> = {
  [StaffStatus.Active]: '在用',
  [StaffStatus.Disabled]: '已停用',
};

/**
 * How high a staff member stands: 区级总管理员 above a district admin, above a 街道 admin, above a
 * 社区 admin, above a teacher. An admin manages only staff strictly below their own standing (and
 * inside their area); the 区级总管理员 manages everyone, other 区级总管理员 included.
 */
export function staffRank(role: Role, adminLevel: AreaLevel | null): number {
  if (role === Role.SuperAdmin) return 4;
  if (role === Role.Admin) return adminLevel === AreaLevel.District ? 3 : adminLevel === AreaLevel.Street ? 2 : 1;
  return role === Role.Teacher ? 0 : -1;
}

/** What a staff member is called in a list: 教师, 街道管理员, 区级总管理员… */
export function staffTitle(role: Role, adminLevel: AreaLevel | null): string {
  if (role === Role.Admin) return adminLevel === AreaLevel.District ? '区级管理员' : adminLevel === AreaLevel.Street ? '街道管理员' : '社区管理员';
  return role === Role.SuperAdmin ? '区级总管理员' : role === Role.Teacher ? '教师' : '居民';
}

/** GET /api/admin/staff: a teacher or admin as the staff table shows them. */
export interface StaffListItem {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Admins: the node they manage; teachers: their school's area. */
  area: AreaSummary | null;
  /** Teachers: their school. */
  school: { id: number; name: string } | null;
  status: StaffStatus;
  /** The first or reset password has not been changed yet. */
  passwordChangeRequired: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

/** A created account or a reset password: the temporary password is shown this once and never stored in clear. */
export interface StaffPasswordIssued {
  staff: StaffListItem;
  temporaryPassword: string;
}
