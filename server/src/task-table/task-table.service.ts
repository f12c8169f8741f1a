import { defaultTaskRows, Role, TASK_EVIDENCE_MAX, TaskEntry, TaskEntryUpdate, TaskRow, TaskRowInput, TaskTable } from '@lp/shared';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Area } from '../areas/area.entity';
import { AreasService, toSummary } from '../areas/areas.service';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { SpreadsheetReader } from '../common/spreadsheet/spreadsheet-reader';
import { UploadReviewers } from '../uploads/upload-reviewers';
import { UploadsService } from '../uploads/uploads.service';
import { TASK_TABLE_SHEET_LIMITS, taskTableRows } from './task-table-file';
import { StoredEntry, TaskTableRepository } from './task-table.repository';

/**
 * The 任务分解表 as each district's own data (imported by its super-admin; the default has a
 * measured row per indicator and no place name), and the values its entered rows get per area and
 * year, with evidence files, from the administrators of that area or one above it.
 */
@Injectable()
export class TaskTableService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly areas: AreasService,
    private readonly repo: TaskTableRepository,
    private readonly spreadsheets: SpreadsheetReader,
    private readonly uploads: UploadsService,
    private readonly uploadReviewers: UploadReviewers,
    private readonly audit: AuditService,
  ) {}

  /** The administrators of the area an evidence file was entered for (and those above) may open it. */
  onModuleInit(): void {
    this.uploadReviewers.register((uploadId) => this.repo.evidenceAreas(uploadId));
  }

  async table(actor: Actor, areaId: number): Promise<TaskTable> {
    await this.areas.assertAdminOf(actor, areaId);
    return this.tableOf((await this.areas.districtOf(areaId))!);
  }

  /** The district's table, or the default one; no scope check (the caller did it). */
  async tableOf(districtId: number): Promise<TaskTable> {
    const [district, stored] = await Promise.all([this.areas.get(districtId), this.repo.rows(districtId)]);
    const rows: TaskRow[] = stored.length ? stored : defaultTaskRows().map((r, i) => ({ ...r, id: null, position: i + 1 }));
    return { district: toSummary(district), custom: stored.length > 0, rows };
  }

  /**
   * Replaces a district's table with an uploaded one (.xlsx or .csv). Only its super-admin, only
   * at the district, and not once values were entered against the table in force (they would lose
   * their rows): every line is checked before anything is written.
   */
  async importTable(actor: Actor, areaId: number, file: Buffer | undefined): Promise<TaskTable> {
    const { area, rows } = await this.readImport(actor, areaId, file);
    await this.db.transaction(async (m) => {
      if (await this.repo.lockForReplace(m, area.id)) {
        throw AppError.conflict('这张任务分解表已经有填报的数据，不能整表替换');
      }
      await this.repo.replace(m, area.id, rows);
      await this.audit.record(m, {
        ...auditedBy(actor),
        action: 'task-table.import',
        targetType: 'area',
        targetId: String(area.id),
        areaId: area.id,
        details: { rows: rows.length },
      });
    });
    return this.tableOf(area.id);
  }

  /** What an import of this file would make the table, row by row, without writing anything. */
  async previewImport(actor: Actor, areaId: number, file: Buffer | undefined): Promise<TaskTable> {
    const { area, rows } = await this.readImport(actor, areaId, file);
    return { district: toSummary(area), custom: true, rows: rows.map((r, i) => ({ ...r, id: null, position: i + 1 })) };
  }

  /** The checks an import and its preview share: the district's super-admin, and a file whose every line is right. */
  private async readImport(actor: Actor, areaId: number, file: Buffer | undefined): Promise<{ area: Area; rows: TaskRowInput[] }> {
    const area = await this.areas.assertAdminOf(actor, areaId);
    if (area.parentId !== null) throw AppError.badRequest('任务分解表属于区（县），请在区级导入');
    if (actor.role !== Role.SuperAdmin) throw AppError.forbidden('任务分解表只能由区级超级管理员导入');
    if (!file?.length) throw AppError.badRequest('请上传任务分解表文件（.xlsx 或 .csv）');
    return { area, rows: taskTableRows(await this.spreadsheets.read(file, TASK_TABLE_SHEET_LIMITS)) };
  }

  async entries(actor: Actor, areaId: number, year: number): Promise<TaskEntry[]> {
    const area = await this.areas.assertAdminOf(actor, areaId);
    return (await this.repo.entries([areaId], year)).map((e) => ({ ...e, area: toSummary(area) }));
  }

  /** The entered values of these areas and a year, for the inspection workbook; no scope check. */
  entriesOf(areaIds: number[], year: number): Promise<StoredEntry[]> {
    return this.repo.entries(areaIds, year);
  }

  /**
   * Enters an entered row's value for an area and year, with its evidence: files the actor
   * uploaded (POST /api/uploads) or files already attached to this entry, each with a name.
   */
  async setEntry(actor: Actor, areaId: number, rowId: number, year: number, update: TaskEntryUpdate): Promise<TaskEntry> {
    const area = await this.areas.assertAdminOf(actor, areaId);
    const row = await this.repo.row(rowId);
    if (!row || row.districtId !== (await this.areas.districtOf(areaId))) throw AppError.notFound('本区的任务分解表里没有这一项');
    if (row.indicator !== null) throw AppError.badRequest('这一项由门户根据学习记录计算，不用填报');
    const value = update.value.trim();
    const problems: string[] = [];
    if (!value) problems.push('请填写完成情况');
    if (value.length > 200) problems.push('完成情况最多200个字');
    if (update.evidence.length > TASK_EVIDENCE_MAX) problems.push(`佐证材料最多${TASK_EVIDENCE_MAX}个`);
    const attached = new Set(await this.repo.evidenceOf(rowId, areaId, year));
    const seen = new Set<string>();
    const evidence = update.evidence.map((v) => ({ uploadId: v.uploadId, name: v.name.trim() }));
    for (const [i, v] of evidence.entries()) {
      const at = `第${i + 1}个佐证材料`;
      if (!v.name) problems.push(`${at}：请写上文件名称`);
      if (v.name.length > 120) problems.push(`${at}：名称最多120个字`);
      if (seen.has(v.uploadId)) problems.push(`${at}：重复了`);
      seen.add(v.uploadId);
      if (!attached.has(v.uploadId) && !(await this.uploads.ownedBy(actor.userId, v.uploadId))) problems.push(`${at}：不是您上传的文件`);
    }
    if (problems.length) throw AppError.badRequest(problems[0], problems);
    const entry: StoredEntry = { rowId, areaId, year, value, met: update.met, evidence };
    await this.db.transaction(async (m) => {
      await this.repo.saveEntry(m, entry, actor.userId);
      await this.audit.record(m, {
        ...auditedBy(actor),
        action: 'task-entry.set',
        targetType: 'area',
        targetId: String(areaId),
        areaId,
        details: { rowId, year, value, met: update.met, evidence: evidence.length },
      });
    });
    return { ...entry, area: toSummary(area) };
  }
}
