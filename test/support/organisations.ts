import { OrganisationKind } from '@lp/shared';
import { FieldCrypto } from '@lp/server/dist/common/field-crypto.service';
import { TestApi } from './api';

/**
 * `count` 学习型组织 of `areaId` recognised on `on` (a Shanghai date), written straight into the
 * registry's tables as the assessment would leave them: for tests of what reads the registry
 * (the 学习型组织创建 indicator), not of the workflow itself.
 */
export async function recognisedOrganisations(api: TestApi, areaId: number, count: number, registeredBy: string, on: string, kind: OrganisationKind = 'society'): Promise<string[]> {
  const phone = api.app.get(FieldCrypto, { strict: false }).encrypt('13800000000');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [{ id }] = (await api.db.query(
      `INSERT INTO learning_org (area_id, kind, name, contact_name, contact_phone_enc, members, plan, status, registered_by)
       VALUES ($1, $2, $3, '联系人', $4, '["成员"]'::jsonb, '每月集中学习一次，有学习记录。', 'recognised', $5) RETURNING id`,
      [areaId, kind, `测试组织${areaId}-${i}-${Math.random().toString(36).slice(2, 8)}`, phone, registeredBy],
    )) as { id: string }[];
    await api.db.query(`INSERT INTO learning_org_recognition (organisation_id, recognised_on, last_reviewed_on) VALUES ($1, $2, $2)`, [id, on]);
    ids.push(id);
  }
  return ids;
}
