import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 常住人口 and the groups the indicators divide by, and the node's (学习型) organisations, for one node and year. */
@Entity('area_population')
export class AreaPopulation {
  @PrimaryColumn({ name: 'area_id' })
  areaId: number;

  @PrimaryColumn({ type: 'smallint' })
  year: number;

  @Column({ name: 'resident_total' })
  residentTotal: number;

  @Column({ name: 'aged_60_plus' })
  aged60Plus: number;

  @Column({ name: 'under_18' })
  under18: number;

  @Column()
  employed: number;

  @Column({ name: 'migrant_workers' })
  migrantWorkers: number;

  @Column()
  unemployed: number;

  @Column({ name: 'rural_labor' })
  ruralLabor: number;

  /** 各类组织数: units that should create a 学习型组织, the node's own and its children's. */
  @Column()
  organisations: number;

  @Column({ name: 'learning_organisations' })
  learningOrganisations: number;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
