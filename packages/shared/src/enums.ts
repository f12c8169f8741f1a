/** Who an account is. One role per account; a teacher belongs to a school, an admin to an area node. */
export const Role = {
  Resident: 'resident',
  Teacher: 'teacher',
  Admin: 'admin',
  SuperAdmin: 'super_admin',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Admins of an area node: 区级总管理员 and 街道/社区 admins. */
export const ADMIN_ROLES: readonly Role[] = [Role.Admin, Role.SuperAdmin];
/** Everyone who works for the district rather than learns: teachers and admins. */
export const STAFF_ROLES: readonly Role[] = [Role.Teacher, Role.Admin, Role.SuperAdmin];

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Resident]: '居民',
  [Role.Teacher]: '教师',
  [Role.Admin]: '管理员',
  [Role.SuperAdmin]: '区级总管理员',
};

/** 三级学习服务网络: 区/县 → 街道/镇 → 社区/村. */
export const AreaLevel = {
  District: 'district',
  Street: 'street',
  Community: 'community',
} as const;
export type AreaLevel = (typeof AreaLevel)[keyof typeof AreaLevel];

export const AREA_LEVEL_LABELS: Record<AreaLevel, string> = {
  [AreaLevel.District]: '区/县',
  [AreaLevel.Street]: '街道/镇',
  [AreaLevel.Community]: '社区/村',
};

export const SchoolType = {
  CommunityCollege: 'community_college',
  StreetSchool: 'street_school',
  CitizenSchool: 'citizen_school',
  SeniorUniversity: 'senior_university',
} as const;
export type SchoolType = (typeof SchoolType)[keyof typeof SchoolType];

export const SCHOOL_TYPE_LABELS: Record<SchoolType, string> = {
  [SchoolType.CommunityCollege]: '社区学院',
  [SchoolType.StreetSchool]: '街道分院/成校',
  [SchoolType.CitizenSchool]: '社区市民学校',
  [SchoolType.SeniorUniversity]: '老年大学',
};

/**
 * Groups a resident may belong to, used by the policy indicators.
 * 老年人 and 未成年人 are never stored: they follow from the birth date at the time of learning.
 */
export const ResidentGroup = {
  Employed: 'employed',
  MigrantWorker: 'migrant_worker',
  Unemployed: 'unemployed',
  Farmer: 'farmer',
  Disabled: 'disabled',
  EnterpriseEmployee: 'enterprise_employee',
} as const;
export type ResidentGroup = (typeof ResidentGroup)[keyof typeof ResidentGroup];

export const RESIDENT_GROUP_LABELS: Record<ResidentGroup, string> = {
  [ResidentGroup.Employed]: '从业人员',
  [ResidentGroup.MigrantWorker]: '进城务工人员',
  [ResidentGroup.Unemployed]: '失业/下岗人员',
  [ResidentGroup.Farmer]: '农民',
  [ResidentGroup.Disabled]: '残疾人',
  [ResidentGroup.EnterpriseEmployee]: '企业职工',
};

/** Age thresholds the indicators use (SPEC: 老年人 60+, 未成年人 under 18). */
export const SENIOR_AGE = 60;
export const MINOR_AGE = 18;
