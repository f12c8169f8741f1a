import { SchoolType } from '@lp/shared';

/**
 * 明湖区: a fictional district of about 150,000 residents, four 街道/镇, twenty 社区/村.
 * Coordinates are real-looking (a river town in eastern Zhejiang) but belong to nobody.
 */
export interface DemoCommunity {
  code: string;
  name: string;
  rural: boolean;
  lat: number;
  lng: number;
}

export interface DemoStreet {
  code: string;
  name: string;
  lat: number;
  lng: number;
  communities: DemoCommunity[];
}

const c = (code: string, name: string, lat: number, lng: number, rural = false): DemoCommunity => ({ code, name, rural, lat, lng });

export const DISTRICT = { code: '330299', name: '明湖区', lat: 29.662, lng: 121.41 };

export const STREETS: DemoStreet[] = [
  {
    code: '330299001',
    name: '湖滨街道',
    lat: 29.665,
    lng: 121.405,
    communities: [
      c('330299001001', '柳岸社区', 29.6672, 121.4031),
      c('330299001002', '锦湖社区', 29.6648, 121.4102),
      c('330299001003', '南门社区', 29.6603, 121.4067),
      c('330299001004', '学府社区', 29.6695, 121.3987),
      c('330299001005', '文昌社区', 29.6631, 121.3952),
    ],
  },
  {
    code: '330299002',
    name: '东城街道',
    lat: 29.668,
    lng: 121.432,
    communities: [
      c('330299002001', '东湖社区', 29.6702, 121.4288),
      c('330299002002', '新桥社区', 29.6661, 121.4356),
      c('330299002003', '明珠社区', 29.6724, 121.4391),
      c('330299002004', '工业园社区', 29.6612, 121.4445),
      c('330299002005', '丰收社区', 29.6589, 121.4312),
    ],
  },
  {
    code: '330299003',
    name: '西山镇',
    lat: 29.645,
    lng: 121.352,
    communities: [
      c('330299003001', '西山社区', 29.6461, 121.3534),
      c('330299003002', '竹林村', 29.6388, 121.3412, true),
      c('330299003003', '茶园村', 29.6527, 121.3385, true),
      c('330299003004', '溪口村', 29.6344, 121.3561, true),
      c('330299003005', '桃源村', 29.6573, 121.3622, true),
    ],
  },
  {
    code: '330299004',
    name: '南溪镇',
    lat: 29.612,
    lng: 121.418,
    communities: [
      c('330299004001', '南溪社区', 29.6135, 121.4177),
      c('330299004002', '渔港村', 29.6051, 121.4302, true),
      c('330299004003', '稻香村', 29.6187, 121.4055, true),
      c('330299004004', '凤鸣村', 29.6009, 121.4119, true),
      c('330299004005', '湾头村', 29.6232, 121.4264, true),
    ],
  },
];

export interface DemoSchool {
  name: string;
  type: SchoolType;
  /** Area code the school belongs to. */
  area: string;
  address: string;
  venue: { name: string; lat: number; lng: number; capacity: number; rooms: [string, number][] };
}

export const SCHOOLS: DemoSchool[] = [
  {
    name: '明湖区社区学院',
    type: SchoolType.CommunityCollege,
    area: '330299',
    address: '明湖区湖滨路88号',
    venue: { name: '社区学院教学楼', lat: 29.6641, lng: 121.4079, capacity: 400, rooms: [['多功能厅', 200], ['电脑教室', 40], ['书画教室', 36]] },
  },
  {
    name: '明湖区老年大学',
    type: SchoolType.SeniorUniversity,
    area: '330299',
    address: '明湖区文昌路12号',
    venue: { name: '老年大学校区', lat: 29.6627, lng: 121.3968, capacity: 300, rooms: [['合唱教室', 60], ['太极馆', 80], ['智能手机教室', 30]] },
  },
  {
    name: '湖滨街道成人学校',
    type: SchoolType.StreetSchool,
    area: '330299001',
    address: '湖滨街道柳岸路16号',
    venue: { name: '湖滨成校', lat: 29.6668, lng: 121.4042, capacity: 150, rooms: [['一号教室', 50], ['烘焙教室', 24]] },
  },
  {
    name: '东城街道成人学校',
    type: SchoolType.StreetSchool,
    area: '330299002',
    address: '东城街道新桥路201号',
    venue: { name: '东城成校', lat: 29.6668, lng: 121.4349, capacity: 180, rooms: [['技能实训室', 40], ['报告厅', 120]] },
  },
  {
    name: '西山镇成人文化技术学校',
    type: SchoolType.StreetSchool,
    area: '330299003',
    address: '西山镇山前街5号',
    venue: { name: '西山成校', lat: 29.6458, lng: 121.3529, capacity: 120, rooms: [['农技培训室', 60], ['电商直播间', 20]] },
  },
  {
    name: '南溪镇成人文化技术学校',
    type: SchoolType.StreetSchool,
    area: '330299004',
    address: '南溪镇溪东路33号',
    venue: { name: '南溪成校', lat: 29.6129, lng: 121.4185, capacity: 120, rooms: [['一号教室', 50], ['渔业技术教室', 40]] },
  },
  {
    name: '柳岸社区市民学校',
    type: SchoolType.CitizenSchool,
    area: '330299001001',
    address: '柳岸社区文化家园二楼',
    venue: { name: '柳岸社区文化家园', lat: 29.6675, lng: 121.4025, capacity: 80, rooms: [['活动室', 60], ['阅览室', 30]] },
  },
  {
    name: '东湖社区市民学校',
    type: SchoolType.CitizenSchool,
    area: '330299002001',
    address: '东湖社区党群服务中心',
    venue: { name: '东湖社区党群服务中心', lat: 29.6705, lng: 121.4281, capacity: 60, rooms: [['多功能室', 60]] },
  },
  {
    name: '竹林村文化礼堂市民学校',
    type: SchoolType.CitizenSchool,
    area: '330299003002',
    address: '竹林村文化礼堂',
    venue: { name: '竹林村文化礼堂', lat: 29.6391, lng: 121.3405, capacity: 200, rooms: [['礼堂', 200]] },
  },
  {
    name: '渔港村文化礼堂市民学校',
    type: SchoolType.CitizenSchool,
    area: '330299004002',
    address: '渔港村文化礼堂',
    venue: { name: '渔港村文化礼堂', lat: 29.6048, lng: 121.4309, capacity: 150, rooms: [['礼堂', 150]] },
  },
];

/** Extra venues not run by a school: libraries and community halls that host activities. */
export const OTHER_VENUES = [
  { name: '明湖区图书馆', area: '330299001', address: '湖滨街道图书馆路1号', lat: 29.6652, lng: 121.4011, capacity: 300, rooms: [['报告厅', 180], ['亲子阅读室', 40]] as [string, number][] },
  { name: '锦湖社区邻里中心', area: '330299001002', address: '锦湖社区锦湖路45号', lat: 29.6645, lng: 121.4109, capacity: 80, rooms: [['活动室', 50]] as [string, number][] },
  { name: '明珠社区文体中心', area: '330299002003', address: '明珠社区明珠路9号', lat: 29.6729, lng: 121.4386, capacity: 100, rooms: [['舞蹈室', 40], ['棋牌室', 30]] as [string, number][] },
  { name: '南溪社区老年活动中心', area: '330299004001', address: '南溪社区溪西路2号', lat: 29.6139, lng: 121.4169, capacity: 80, rooms: [['活动室', 60]] as [string, number][] },
];

export const TEACHERS: { name: string; school: string }[] = [
  { name: '陈静', school: '明湖区社区学院' },
  { name: '周文华', school: '明湖区社区学院' },
  { name: '吴晓梅', school: '明湖区老年大学' },
  { name: '郑国平', school: '明湖区老年大学' },
  { name: '孙丽娟', school: '湖滨街道成人学校' },
  { name: '胡建军', school: '东城街道成人学校' },
  { name: '林小燕', school: '西山镇成人文化技术学校' },
  { name: '何志强', school: '南溪镇成人文化技术学校' },
  { name: '徐慧', school: '柳岸社区市民学校' },
  { name: '马海涛', school: '东湖社区市民学校' },
  { name: '朱红梅', school: '竹林村文化礼堂市民学校' },
  { name: '高永福', school: '渔港村文化礼堂市民学校' },
];

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢钟汪'.split('');
export const GIVEN = '秀英桂兰建国志强海燕晓明丽华玉梅国庆文杰春华小红德明淑芬永刚金花伟东雪梅家豪子涵欣怡浩然思远雨桐宇轩佳怡明辉立新美玲俊杰'.split('');

/** The featured resident's 事迹 in the demo district's 百姓学习之星 公示 (a made-up story, no real place). */
export const DEMO_STAR_STORY =
  '退休后每周到社区市民学校学习智能手机和书法，三年累计学习两百多学时；还当上了数字课堂的志愿者，手把手教邻居老人视频通话、网上挂号。';
