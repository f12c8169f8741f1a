import { Category, Highlight, OfferingKind, OfferingStatus, TargetGroup } from '@lp/shared';

/**
 * A season at 明湖区's schools: weekly courses, one-off talks, 活动周 and 开放日 events,
 * and a few 微课程. Days are counted from the day the demo is loaded.
 */
export interface DemoOffering {
  title: string;
  kind: OfferingKind;
  category: Category;
  school: string;
  /** Venue name; none for online offerings. */
  venue?: string;
  teachers: string[];
  description: string;
  targetGroups?: TargetGroup[];
  restricted?: boolean;
  highlight?: Highlight;
  capacity: number;
  /** First session: days from today, and the Shanghai clock time. */
  day: number;
  time: [number, number];
  /** Weekly sessions (courses), each lasting `hours`, credited `minutes`. */
  weeks?: number;
  hours: number;
  minutes: number;
  status?: OfferingStatus;
  lessons?: [string, number][];
}

export const SEASON: DemoOffering[] = [
  { title: '智能手机入门班', kind: OfferingKind.Course, category: Category.DigitalLiteracy, school: '明湖区老年大学', venue: '老年大学校区', teachers: ['陈静'], description: '从开机、打电话、加微信讲起，再学视频通话、扫码、网上挂号和防诈骗。每次课都有助教一对一帮忙。', targetGroups: [TargetGroup.Seniors], capacity: 30, day: -7, time: [9, 0], weeks: 8, hours: 1.5, minutes: 90 },
  { title: '书法基础（楷书）', kind: OfferingKind.Course, category: Category.TraditionalCulture, school: '明湖区老年大学', venue: '老年大学校区', teachers: ['吴晓梅'], description: '从握笔和基本笔画练起，临摹《多宝塔碑》。笔墨纸砚由学校提供。', capacity: 36, day: 2, time: [14, 0], weeks: 10, hours: 2, minutes: 120 },
  { title: '太极拳（二十四式）', kind: OfferingKind.Course, category: Category.Health, school: '明湖区老年大学', venue: '老年大学校区', teachers: ['郑国平'], description: '每周两练的第一课。适合膝盖不太好的长辈，动作慢、强度低。', targetGroups: [TargetGroup.Seniors], capacity: 40, day: 1, time: [7, 30], weeks: 8, hours: 1, minutes: 60 },
  { title: '社区合唱团', kind: OfferingKind.Course, category: Category.ArtsAndSports, school: '柳岸社区市民学校', venue: '柳岸社区文化家园', teachers: ['徐慧'], description: '零基础可以参加，先练发声，再排练三首合唱曲目，年底社区晚会演出。', capacity: 40, day: 3, time: [15, 0], weeks: 12, hours: 1.5, minutes: 90 },
  { title: '西点烘焙技能培训', kind: OfferingKind.Course, category: Category.VocationalSkills, school: '湖滨街道成人学校', venue: '湖滨成校', teachers: ['孙丽娟'], description: '面包、蛋糕、中式点心的基本做法，结业可报考西式面点师（初级）。', targetGroups: [TargetGroup.Unemployed, TargetGroup.MigrantWorkers], capacity: 20, day: 5, time: [9, 0], weeks: 6, hours: 3, minutes: 180 },
  { title: '电工上岗证培训', kind: OfferingKind.Course, category: Category.VocationalSkills, school: '东城街道成人学校', venue: '东城成校', teachers: ['胡建军'], description: '低压电工作业理论和实操，考试合格取得特种作业操作证。', targetGroups: [TargetGroup.Employed, TargetGroup.MigrantWorkers, TargetGroup.Unemployed], restricted: true, capacity: 30, day: 4, time: [19, 0], weeks: 8, hours: 2, minutes: 120 },
  { title: '农村电商直播入门', kind: OfferingKind.Course, category: Category.VocationalSkills, school: '西山镇成人文化技术学校', venue: '西山成校', teachers: ['林小燕'], description: '手把手教大家用手机直播卖茶叶、竹笋等土特产，包括拍摄、打光和平台规则。', targetGroups: [TargetGroup.Farmers], capacity: 25, day: 6, time: [14, 0], weeks: 6, hours: 2, minutes: 120 },
  { title: '茶树病虫害绿色防控', kind: OfferingKind.Activity, category: Category.VocationalSkills, school: '西山镇成人文化技术学校', venue: '竹林村文化礼堂', teachers: ['朱红梅'], description: '农技站专家现场讲解常见茶树病虫害的识别和绿色防治方法。', targetGroups: [TargetGroup.Farmers], capacity: 80, day: 9, time: [9, 0], hours: 2, minutes: 120 },
  { title: '渔业安全生产讲座', kind: OfferingKind.Activity, category: Category.VocationalSkills, school: '南溪镇成人文化技术学校', venue: '渔港村文化礼堂', teachers: ['高永福'], description: '出海前的安全检查、救生设备使用和恶劣天气应对。', targetGroups: [TargetGroup.Farmers], capacity: 100, day: 12, time: [14, 0], hours: 2, minutes: 90 },
  { title: '防范电信诈骗讲座', kind: OfferingKind.Activity, category: Category.DigitalLiteracy, school: '明湖区社区学院', venue: '明湖区图书馆', teachers: ['陈静'], description: '民警讲真实案例：冒充客服、冒充公检法、刷单返利，教大家三招识破骗局。', capacity: 150, day: 6, time: [9, 30], hours: 1.5, minutes: 90, highlight: Highlight.LearningWeek },
  { title: '亲子共读绘本会', kind: OfferingKind.Activity, category: Category.FamilyEducation, school: '明湖区社区学院', venue: '明湖区图书馆', teachers: ['周文华'], description: '家长和孩子一起读绘本、做手工。适合3到8岁的孩子。', targetGroups: [TargetGroup.Families, TargetGroup.Minors], capacity: 30, day: 7, time: [10, 0], hours: 1.5, minutes: 90, highlight: Highlight.LearningWeek },
  { title: '全民终身学习活动周开幕式', kind: OfferingKind.Activity, category: Category.Theory, school: '明湖区社区学院', venue: '社区学院教学楼', teachers: ['周文华'], description: '活动周开幕，发布本年度“百姓学习之星”，并展示各街道学习成果。', capacity: 200, day: 5, time: [9, 0], hours: 2, minutes: 60, highlight: Highlight.LearningWeek },
  { title: '社区教育开放日：走进社区学院', kind: OfferingKind.Activity, category: Category.PopularScience, school: '明湖区社区学院', venue: '社区学院教学楼', teachers: ['陈静', '周文华'], description: '参观电脑教室、书画教室，体验一节智能手机课和一节书法课。', capacity: 120, day: 14, time: [9, 0], hours: 3, minutes: 120, highlight: Highlight.OpenDay },
  { title: '开放日：老年大学体验课', kind: OfferingKind.Activity, category: Category.SeniorEducation, school: '明湖区老年大学', venue: '老年大学校区', teachers: ['吴晓梅', '郑国平'], description: '合唱、太极、书法三个教室同时开放，长辈们可以随意试听。', targetGroups: [TargetGroup.Seniors], capacity: 150, day: 15, time: [9, 0], hours: 3, minutes: 120, highlight: Highlight.OpenDay },
  { title: '读书会：《乡土中国》', kind: OfferingKind.Activity, category: Category.Theory, school: '东湖社区市民学校', venue: '东湖社区党群服务中心', teachers: ['马海涛'], description: '一起读费孝通先生的《乡土中国》第一至第四章，欢迎带着问题来。', capacity: 25, day: 8, time: [19, 0], hours: 2, minutes: 90 },
  { title: '高血压的日常管理', kind: OfferingKind.Activity, category: Category.Health, school: '柳岸社区市民学校', venue: '锦湖社区邻里中心', teachers: ['徐慧'], description: '社区医生讲饮食、运动和按时吃药，现场免费量血压。', targetGroups: [TargetGroup.Seniors], capacity: 50, day: 4, time: [9, 0], hours: 1.5, minutes: 90 },
  { title: '垃圾分类与低碳生活', kind: OfferingKind.Activity, category: Category.PopularScience, school: '东湖社区市民学校', venue: '明珠社区文体中心', teachers: ['马海涛'], description: '垃圾怎么分、旧物怎么改造，还有小游戏和小礼品。', capacity: 60, day: 10, time: [15, 0], hours: 1.5, minutes: 60 },
  { title: '广场舞规范教学', kind: OfferingKind.Course, category: Category.ArtsAndSports, school: '南溪镇成人文化技术学校', venue: '南溪社区老年活动中心', teachers: ['何志强'], description: '学习两支新曲目，也讲讲音量和时间的邻里公约。', capacity: 50, day: 2, time: [18, 30], weeks: 6, hours: 1, minutes: 60 },
  { title: '家庭急救常识', kind: OfferingKind.Activity, category: Category.Health, school: '湖滨街道成人学校', venue: '湖滨成校', teachers: ['孙丽娟'], description: '心肺复苏、海姆立克急救法现场练习，每人都能上手。', capacity: 40, day: 11, time: [14, 0], hours: 2, minutes: 120, status: OfferingStatus.PendingReview },
  { title: '手机拍照与修图', kind: OfferingKind.Course, category: Category.DigitalLiteracy, school: '明湖区社区学院', venue: '社区学院教学楼', teachers: ['陈静'], description: '用手机拍出好看的照片，再学简单修图和做相册。', targetGroups: [TargetGroup.Seniors], capacity: 30, day: 20, time: [14, 0], weeks: 4, hours: 1.5, minutes: 90, status: OfferingStatus.Draft },
  { title: '微课：微信视频通话', kind: OfferingKind.MicroCourse, category: Category.DigitalLiteracy, school: '明湖区社区学院', teachers: ['陈静'], description: '三段短视频，跟着做就会用微信和家人视频聊天。', capacity: 100000, day: -14, time: [0, 0], hours: 0, minutes: 0, lessons: [['打开视频通话', 300], ['切换摄像头和静音', 240], ['常见问题', 360]] },
  { title: '微课：认识医保电子凭证', kind: OfferingKind.MicroCourse, category: Category.Health, school: '明湖区社区学院', teachers: ['周文华'], description: '怎么领取医保电子凭证，看病买药怎么用。', capacity: 100000, day: -10, time: [0, 0], hours: 0, minutes: 0, lessons: [['领取电子凭证', 420], ['看病和买药时使用', 480]] },
  { title: '微课：家庭教育中的沟通', kind: OfferingKind.MicroCourse, category: Category.FamilyEducation, school: '明湖区社区学院', teachers: ['周文华'], description: '怎样和孩子好好说话：倾听、共情和立规矩。', capacity: 100000, day: -5, time: [0, 0], hours: 0, minutes: 0, lessons: [['先听孩子说', 600], ['说出感受', 540], ['温和而坚定', 660]] },
];

export const TEACHER_PROFILES: Record<string, { specialties: string[]; bio: string }> = {
  陈静: { specialties: ['智能手机', '数字素养'], bio: '社区学院专职教师，教长辈用智能手机八年，最擅长把复杂操作拆成小步骤。' },
  周文华: { specialties: ['家庭教育', '阅读推广'], bio: '社区学院教务主任，组织全民终身学习活动周多年。' },
  吴晓梅: { specialties: ['书法', '国画'], bio: '中国书法家协会会员，在老年大学任教十二年。' },
  郑国平: { specialties: ['太极拳', '八段锦'], bio: '国家二级社会体育指导员，带出多支社区太极队。' },
  孙丽娟: { specialties: ['西点烘焙', '急救培训'], bio: '高级西式面点师，红十字会救护培训师。' },
  胡建军: { specialties: ['电工', '安全生产'], bio: '高级电工技师，企业安全培训讲师。' },
  林小燕: { specialties: ['农村电商', '直播'], bio: '返乡创业青年，帮村里把茶叶卖到了全国。' },
  何志强: { specialties: ['广场舞', '文体活动'], bio: '南溪镇文化站工作人员，社区文体骨干。' },
  徐慧: { specialties: ['合唱', '健康讲座'], bio: '柳岸社区市民学校负责人，退休音乐教师。' },
  马海涛: { specialties: ['读书会', '理论宣讲'], bio: '东湖社区党群服务中心主任，坚持办读书会五年。' },
  朱红梅: { specialties: ['农业技术'], bio: '竹林村文化礼堂管理员，联系农技站专家进村讲课。' },
  高永福: { specialties: ['渔业安全'], bio: '渔港村老船长，义务讲授出海安全知识。' },
};
