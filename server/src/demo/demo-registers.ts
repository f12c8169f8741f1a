import { WorkerKind } from '@lp/shared';
import { EntityManager } from 'typeorm';
import type { Area } from '../areas/area.entity';
import { EducationWorkersService } from '../registers/education-workers.service';
import { VolunteersService } from '../registers/volunteers.service';
import type { School } from '../schools/school.entity';

/**
 * The demo district's registers: a resident who joined as a volunteer and one the street enrolled;
 * three adult-education workers (two 专职, one 兼职), one of them trained enough this year to count
 * for 继续教育参与率. Phones are of the demo's own made-up range.
 */
export async function seedRegisters(
  m: EntityManager,
  deps: { volunteers: VolunteersService; workers: EducationWorkersService },
  at: { byCode: Map<string, Area>; schools: Map<string, School>; featuredResident: string; otherResident: string; admin: string; year: number },
): Promise<number> {
  const area = (code: string) => at.byCode.get(code)!.id;
  const school = (name: string) => at.schools.get(name)!;
  await deps.volunteers.insertDemo(m, {
    userId: at.featuredResident, areaId: area('330299001001'), skills: ['教用手机', '读报'], intro: '周二、周四上午有空', enrolledBy: null, joinedOn: `${at.year}-03-01`,
  });
  await deps.volunteers.insertDemo(m, {
    userId: at.otherResident, areaId: area('330299002'), skills: ['摄影'], intro: '', enrolledBy: at.admin, joinedOn: `${at.year}-04-10`,
  });
  const college = school('明湖区社区学院');
  const streetSchool = school('湖滨街道成人学校');
  const workers = [
    {
      w: { name: '沈明远', phone: '13857100001', kind: WorkerKind.FullTime, areaId: college.areaId, schoolId: college.id, qualifications: ['高级讲师'], joinedOn: `${at.year - 6}-09-01` },
      training: [
        { trainedOn: `${at.year}-03-20`, minutes: 40 * 60, what: '社区教育工作者岗位培训' },
        { trainedOn: `${at.year}-07-08`, minutes: 36 * 60, what: '老年教育课程设计研修' },
      ],
    },
    {
      w: { name: '顾晓岚', phone: '13857100002', kind: WorkerKind.FullTime, areaId: streetSchool.areaId, schoolId: streetSchool.id, qualifications: ['讲师', '心理咨询师'], joinedOn: `${at.year - 2}-02-15` },
      training: [{ trainedOn: `${at.year}-05-12`, minutes: 24 * 60, what: '数字素养教学培训' }],
    },
    {
      w: { name: '许志平', phone: '13857100003', kind: WorkerKind.PartTime, areaId: area('330299002'), schoolId: null, qualifications: [], joinedOn: `${at.year - 1}-10-01` },
      training: [],
    },
  ];
  for (const { w, training } of workers) await deps.workers.insertDemo(m, w, training, at.admin);
  return workers.length;
}
