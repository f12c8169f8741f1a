import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Like, Repository } from 'typeorm';
import { AreaPopulation } from './area-population.entity';
import { Area } from './area.entity';

@Injectable()
export class AreasRepository {
  constructor(
    @InjectRepository(Area) private readonly areas: Repository<Area>,
    @InjectRepository(AreaPopulation) private readonly population: Repository<AreaPopulation>,
  ) {}

  async any(): Promise<boolean> {
    return (await this.areas.count({ take: 1 })) > 0;
  }

  findById(id: number): Promise<Area | null> {
    return this.areas.findOneBy({ id });
  }

  findByIds(ids: number[]): Promise<Area[]> {
    return ids.length ? this.areas.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /**
   * Waits for any other district set-up (a transaction-level advisory lock, released at commit),
   * then returns a district already there, if any: two set-ups at once make one district.
   */
  async lockDistrictSetup(manager: EntityManager): Promise<Area | null> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('lp:district-init'))`);
    return manager.findOne(Area, { where: { parentId: IsNull() }, order: { id: 'ASC' } });
  }

  /** The nodes in service, for choosers: a retired node is left out with everything under it. */
  findInService(): Promise<Area[]> {
    return this.areas.find({ where: { retiredAt: IsNull() }, order: { path: 'ASC' } });
  }

  /** `root` and every node under it, retired ones included. */
  findSubtree(root: Pick<Area, 'path'>): Promise<Area[]> {
    return this.areas.find({ where: { path: Like(`${root.path}%`) }, order: { path: 'ASC' } });
  }

  findByCodes(codes: string[]): Promise<Area[]> {
    return codes.length ? this.areas.findBy({ code: In(codes) }) : Promise.resolve([]);
  }

  countChildrenInService(parentId: number): Promise<number> {
    return this.areas.countBy({ parentId, retiredAt: IsNull() });
  }

  async update(manager: EntityManager, id: number, values: Partial<Pick<Area, 'name' | 'isRural' | 'retiredAt'>>): Promise<void> {
    await manager.update(Area, { id }, values);
  }

  /** Hangs `node` and its subtree under `parent`: its parent id and every path under it change in one statement each. */
  async move(manager: EntityManager, node: Area, parent: Area): Promise<void> {
    await manager.update(Area, { id: node.id }, { parentId: parent.id });
    await manager.query(`UPDATE area SET path = $1 || substr(path, length($2) + 1) WHERE path LIKE $2 || '%'`, [
      `${parent.path}${node.id}/`,
      node.path,
    ]);
  }

  findChildren(parentId: number): Promise<Area[]> {
    return this.areas.find({ where: { parentId }, order: { code: 'ASC' } });
  }

  /** Creates a node; its path is its parent's path plus its own new id, in the same statement. */
  async create(manager: EntityManager, v: Omit<Area, 'id' | 'path' | 'createdAt' | 'retiredAt'>): Promise<Area> {
    const rows = (await manager.query(
      `INSERT INTO area (id, code, name, level, parent_id, path, is_rural, latitude, longitude)
       SELECT n.id, $1, $2, $3, $4, COALESCE(p.path, '/') || n.id || '/', $5, $6, $7
       FROM (SELECT nextval(pg_get_serial_sequence('area', 'id'))::int AS id) n
       LEFT JOIN area p ON p.id = $4
       RETURNING id`,
      [v.code, v.name, v.level, v.parentId, v.isRural, v.latitude, v.longitude],
    )) as { id: number }[];
    return manager.findOneByOrFail(Area, { id: rows[0].id });
  }

  findPopulation(areaId: number, year: number): Promise<AreaPopulation | null> {
    return this.population.findOneBy({ areaId, year });
  }

  /** The stored figures, locked until the transaction ends so that a partial update merges with the latest. */
  findPopulationForUpdate(manager: EntityManager, areaId: number, year: number): Promise<AreaPopulation | null> {
    return manager.findOne(AreaPopulation, { where: { areaId, year }, lock: { mode: 'pessimistic_write' } });
  }

  findChildrenPopulation(parentId: number, year: number): Promise<AreaPopulation[]> {
    return this.population
      .createQueryBuilder('p')
      .innerJoin(Area, 'a', 'a.id = p.area_id')
      .where('a.parent_id = :parentId AND p.year = :year', { parentId, year })
      .orderBy('a.code', 'ASC')
      .getMany();
  }

  async upsertPopulation(manager: EntityManager, row: Omit<AreaPopulation, 'updatedAt'>): Promise<AreaPopulation> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(AreaPopulation)
      .values({ ...row, updatedAt: () => 'now()' })
      .orUpdate(
        [
          'resident_total', 'aged_60_plus', 'under_18', 'employed', 'migrant_workers', 'unemployed', 'rural_labor',
          'organisations', 'learning_organisations', 'updated_by', 'updated_at',
        ],
        ['area_id', 'year'],
      )
      .execute();
    return manager.findOneByOrFail(AreaPopulation, { areaId: row.areaId, year: row.year });
  }

  /** Locks a node's row until the caller's transaction ends (others numbering something per node wait). */
  async lockNode(m: EntityManager, id: number): Promise<void> {
    await m.query(`SELECT id FROM area WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** The district (root of the tree) a node belongs to. */
  async districtOf(areaId: number): Promise<number | null> {
    const rows = (await this.areas.query(`SELECT split_part(path, '/', 2)::int AS district_id FROM area WHERE id = $1`, [areaId])) as {
      district_id: number;
    }[];
    return rows[0]?.district_id ?? null;
  }

  async districts(): Promise<{ id: number; name: string }[]> {
    return (await this.areas.query(`SELECT id, name FROM area WHERE level = 'district' ORDER BY id`)) as { id: number; name: string }[];
  }
}
