import { OrganisationKind } from '@lp/shared';

/**
 * 学习型组织 of the demo district (invented names, like the district's own): a few recognised, a
 * few waiting for the street or district above, so the admin pages and the dashboard's 学习型组织
 * figure are not empty. `by` is the persona who registered it; `recognised` means an admin of an
 * area above (never the one who registered it) recognised it early this year.
 */
export interface DemoOrganisation {
  area: string;
  kind: OrganisationKind;
  name: string;
  contactName: string;
  contactPhone: string;
  members: string[];
  plan: string;
  by: 'admin_community' | 'admin_street' | 'admin_district';
  recognised: boolean;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    area: '330299001001', kind: 'society', name: '柳岸银龄书画社', contactName: '周老师', contactPhone: '13900010001',
    members: ['周老师', '吴阿姨', '郑师傅', '孙阿姨', '钱老伯'], by: 'admin_community', recognised: true,
    plan: '每周二下午在社区文化家园练习书法和国画，每月办一次作品交流，每年春节为居民写春联。',
  },
  {
    area: '330299001001', kind: 'society', name: '柳岸智能手机互助组', contactName: '冯阿姨', contactPhone: '13900010002',
    members: ['冯阿姨', '陈伯伯', '褚阿姨'], by: 'admin_community', recognised: false,
    plan: '每周四上午互相教用手机挂号、付款和视频通话，每月请社区学校老师讲一次防诈骗。',
  },
  {
    area: '330299001002', kind: 'family', name: '锦湖社区卫家', contactName: '卫先生', contactPhone: '13900010003',
    members: ['卫先生', '蒋女士', '卫小明'], by: 'admin_community', recognised: true,
    plan: '全家每晚读书半小时，每月一起参加一次社区课程，每年写一篇家庭学习小结。',
  },
  {
    area: '330299001', kind: 'agency', name: '湖滨街道办事处机关', contactName: '沈主任', contactPhone: '13900010004',
    members: ['沈主任', '韩科长', '杨干事', '朱干事'], by: 'admin_street', recognised: true,
    plan: '每月一次集中学习，每季度一次干部上讲台，全年每人参加线上学习不少于50学时。',
  },
  {
    area: '330299002003', kind: 'community', name: '明珠社区', contactName: '秦书记', contactPhone: '13900010005',
    members: ['秦书记', '尤主任', '许社工'], by: 'admin_district', recognised: false,
    plan: '建设社区阅览室和科普画廊，每月举办一次讲座，每年办一次社区学习节。',
  },
  {
    area: '330299003002', kind: 'society', name: '竹林村茶艺队', contactName: '何大姐', contactPhone: '13900010006',
    members: ['何大姐', '吕大姐', '施阿姨', '张阿姨'], by: 'admin_district', recognised: false,
    plan: '每半月学习一次茶艺和茶叶电商知识，每季度为游客表演一次茶艺。',
  },
];

/**
 * A 学习型家庭 the demo resident 王秀英 applied for in her own community (柳岸社区) from 我的, still
 * waiting for 湖滨街道's assessment: her 学习型家庭和社团 page and the street's list both show it.
 */
export const DEMO_RESIDENT_APPLICATION: Omit<DemoOrganisation, 'by' | 'recognised'> = {
  area: '330299001001', kind: 'family', name: '柳岸王家读书角', contactName: '王秀英', contactPhone: '13900010009',
  members: ['王秀英', '刘建华', '刘小雨'],
  plan: '全家每周日晚上一起读书一小时，每月一起去社区学校听一次课，孙女教老人用手机查资料。',
};
