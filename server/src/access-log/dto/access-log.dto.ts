import { IsDateString, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';

/** `GET /api/admin/access-log`: filters, all optional, and the page. */
export class AccessLogQueryDto extends PageQueryDto {
  /** 只看这位居民（居民账号编号） */
  @IsOptional()
  @IsUUID('all', { message: '居民编号不对' })
  residentId?: string;

  /** 只看这位工作人员（账号编号） */
  @IsOptional()
  @IsUUID('all', { message: '工作人员编号不对' })
  staffId?: string;

  /** 从这一天起，如 2026-05-01 */
  @IsOptional()
  @IsDateString({ strict: true }, { message: '开始日期不对，格式如 2026-05-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '开始日期不对，格式如 2026-05-01' })
  from?: string;

  /** 到这一天为止（含这一天），如 2026-05-31 */
  @IsOptional()
  @IsDateString({ strict: true }, { message: '结束日期不对，格式如 2026-05-31' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '结束日期不对，格式如 2026-05-31' })
  to?: string;
}
