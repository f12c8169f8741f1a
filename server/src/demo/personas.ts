import { Role } from '@lp/shared';

/** Fixed ids of the demo accounts, so the demo login list is the same on every machine. */
export const DEMO_PASSWORD = 'demo12345';

export interface Persona {
  userId: string;
  role: Role;
  label: string;
  description: string;
  username?: string;
}

export const NEW_RESIDENT = 'new-resident';

export const PERSONAS: Persona[] = [
  {
    userId: '00000000-0000-4000-8000-000000000001',
    role: Role.Resident,
    label: '居民 王秀英',
    description: '68岁，湖滨街道柳岸社区，已绑定信息',
  },
  {
    userId: '00000000-0000-4000-8000-000000000002',
    role: Role.Resident,
    label: '居民 李建国',
    description: '41岁，东城街道，进城务工人员',
  },
  {
    userId: '00000000-0000-4000-8000-000000000011',
    role: Role.Teacher,
    label: '教师 陈老师',
    description: '明湖区社区学院，数字素养课程',
    username: 'teacher_demo',
  },
  {
    userId: '00000000-0000-4000-8000-000000000021',
    role: Role.Admin,
    label: '街道管理员',
    description: '管理湖滨街道及下属社区',
    username: 'admin_street',
  },
  {
    userId: '00000000-0000-4000-8000-000000000022',
    role: Role.Admin,
    label: '社区管理员',
    description: '管理柳岸社区',
    username: 'admin_community',
  },
  {
    userId: '00000000-0000-4000-8000-000000000031',
    role: Role.SuperAdmin,
    label: '区级总管理员',
    description: '明湖区教育局，管理全区',
    username: 'admin_district',
  },
];
