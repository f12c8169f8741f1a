import { Category } from '@lp/shared';
import { EntityManager } from 'typeorm';
import { LearningRecordsService, NewLearningRecord } from '../learning-records/learning-records.service';
import { PartnersService } from '../partners/partners.service';
import { ResidentsService } from '../residents/residents.service';
import { SEASON } from './demo-season';

/**
 * A year of past learning for the demo residents, imported as an administrator would from last
 * season's sign-in sheets: the 学习账户 pages and the statistics then have something to show.
 * Goes through the credit bank's one door, so credits and figures follow the rules.
 */
export async function seedLearningHistory(
  m: EntityManager,
  records: LearningRecordsService,
  residentsService: ResidentsService,
  opts: { importedBy: string; featuredResident: string; now: Date; rnd: () => number },
): Promise<number> {
  const residents = await residentsService.homes(m);
  const yearStart = new Date(`${new Date(opts.now.getTime() + 8 * 3600_000).getUTCFullYear()}-01-01T00:00:00+08:00`).getTime();
  const span = Math.max(86400_000, opts.now.getTime() - 86400_000 - yearStart);
  const batch: NewLearningRecord[] = [];
  let n = 0;
  for (const { userId: residentId } of residents) {
    const featured = residentId === opts.featuredResident;
    // about two residents in three learned something this year: the demo district is near the 60% line
    if (!featured && opts.rnd() > 0.66) continue;
    const count = featured ? 14 : 1 + Math.floor(opts.rnd() * 10);
    for (let i = 0; i < count; i++) {
      const offering = SEASON[Math.floor(opts.rnd() * SEASON.length)];
      const at = new Date(yearStart + Math.floor(opts.rnd() * span));
      n += 1;
      batch.push({
        residentId,
        source: 'admin_import',
        sourceRef: `demo:${n}`,
        category: offering.category as Category,
        minutes: offering.minutes,
        occurredAt: at,
        title: `${offering.title}（往期）`,
        recordedBy: opts.importedBy,
      });
    }
  }
  batch.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (let i = 0; i < batch.length; i += 500) await records.record(m, batch.slice(i, i + 500));
  return batch.length;
}

/** Two partner institutions and what they accept credits for, so that 学分转换 has something to show. */
export async function seedPartners(m: EntityManager, partners: PartnersService, districtId: number): Promise<void> {
  const partner = (name: string) => partners.insertPartner(m, name, districtId);
  const offer = (partnerId: number, title: string, description: string, creditsMilli: number, categories: Category[]) =>
    partners.insertOffer(m, { partnerId, title, description, creditsMilli, categories });
  const university = await partner('明湖开放大学');
  await offer(university, '《计算机应用基础》课程免修', '凭回执到开放大学教务处办理免修，抵 3 个课程学分。要用数字素养或职业技能类学分。', 3_000, [Category.DigitalLiteracy, Category.VocationalSkills]);
  await offer(university, '任选一门通识课免修', '《健康生活》《中华优秀传统文化》等通识课任选一门免修，各类学分都可以用。', 5_000, []);
  const employer = await partner('明湖智造职业培训中心');
  await offer(employer, '岗位技能培训 8 学时认可', '在本中心的岗位培训中抵 8 学时，要用职业技能类学分。', 1_000, [Category.VocationalSkills]);
}
