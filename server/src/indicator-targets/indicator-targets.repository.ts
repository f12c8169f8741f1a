import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A target someone set: for which area and year, in ten-thousandths (6000 = 60%, 10000 = 1/万人). */
export interface StoredTarget {
  indicator: string;
  basis: number;
  areaId: number;
  year: number;
}

/** The path '/1/4/17/' as the ids from the root down, in SQL. */
const PATH_IDS = (path: string) => `string_to_array(btrim(${path}, '/'), '/')::int[]`;

/** indicator_target: the targets set per area and year. Only this repository names the table. */
@Injectable()
export class IndicatorTargetsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * For each node, each indicator's target in force for the year: the one set nearest to the node
   * (itself, then its street, then its district), and at that area the latest year not after the
   * requested one. A few rows per node, on the primary key.
   */
  async inForce(nodes: { id: number; path: string }[], year: number): Promise<Map<number, StoredTarget[]>> {
    const rows = (await this.db.query(
      `SELECT n.id AS "nodeId", t.indicator, t.target_basis AS basis, t.area_id AS "areaId", t.year
         FROM unnest($1::int[], $2::text[]) AS n(id, path)
        CROSS JOIN LATERAL (
          SELECT DISTINCT ON (x.indicator) x.indicator, x.target_basis, x.area_id, x.year
            FROM indicator_target x
           WHERE x.area_id = ANY (${PATH_IDS('n.path')}) AND x.year <= $3
           ORDER BY x.indicator, array_position(${PATH_IDS('n.path')}, x.area_id) DESC, x.year DESC
        ) t`,
      [nodes.map((n) => n.id), nodes.map((n) => n.path), year],
    )) as (StoredTarget & { nodeId: number })[];
    const byNode = new Map<number, StoredTarget[]>(nodes.map((n) => [n.id, []]));
    for (const { nodeId, ...t } of rows) byNode.get(nodeId)!.push(t);
    return byNode;
  }

  async upsert(m: EntityManager, areaId: number, year: number, targets: { indicator: string; basis: number }[], by: string): Promise<void> {
    if (!targets.length) return;
    await m.query(
      `INSERT INTO indicator_target (area_id, year, indicator, target_basis, updated_by)
       SELECT $1, $2, t.indicator, t.basis, $5 FROM unnest($3::text[], $4::int[]) AS t(indicator, basis)
       ON CONFLICT ON CONSTRAINT indicator_target_pkey
       DO UPDATE SET target_basis = EXCLUDED.target_basis, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [areaId, year, targets.map((t) => t.indicator), targets.map((t) => t.basis), by],
    );
  }

  async remove(m: EntityManager, areaId: number, year: number, indicators: string[]): Promise<void> {
    if (!indicators.length) return;
    await m.query(`DELETE FROM indicator_target WHERE area_id = $1 AND year = $2 AND indicator = ANY ($3::text[])`, [areaId, year, indicators]);
  }
}
