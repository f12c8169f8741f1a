/** Staff accounts: teachers of a school and admins of an area node, managed by the admins above them. */
export const StaffError = {
  /** Another account already has this username. */
  UsernameTaken: 'staff_username_taken',
  /** The role asked for is not below the actor's own (a 街道 admin making a district admin, say). */
  RoleNotBelow: 'staff_role_not_below',
  /** The role does not fit the place: a teacher without a school, a 区级总管理员 below the district. */
  WrongPlace: 'staff_wrong_place',
  /** The district's last active 区级总管理员 cannot be disabled or given another role. */
  LastSuperAdmin: 'staff_last_super_admin',
  /** An admin tried to disable, move or reset their own account here. */
  SelfChange: 'staff_self_change',
  /** `district:init` on a database that already has a district. */
  DistrictExists: 'staff_district_exists',
} as const;

export type StaffError = (typeof StaffError)[keyof typeof StaffError];
