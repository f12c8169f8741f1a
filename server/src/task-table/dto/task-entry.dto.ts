import { TASK_EVIDENCE_MAX, TaskEntryUpdate } from '@lp/shared';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';

export class TaskEvidenceDto {
  /** 上传得到的文件编号（POST /api/uploads） */
  @IsUUID('4', { message: '佐证材料的文件编号不对' })
  uploadId: string;

  /**
   * 在报表里列出的文件名称
   * @example 2025年活动周方案.pdf
   */
  @IsString({ message: '佐证材料的名称应当是文字' })
  @MaxLength(120, { message: '佐证材料的名称最多120个字' })
  name: string;
}

export class TaskEntryUpdateDto implements TaskEntryUpdate {
  /**
   * 完成情况（文字或数字）
   * @example 当年11月举办全民终身学习活动周
   */
  @IsString({ message: '完成情况应当是文字' })
  @MaxLength(200, { message: '完成情况最多200个字' })
  value: string;

  /** 是否达标：true 达标，false 未达标，null 不判断 */
  @ApiProperty({ type: Boolean, nullable: true })
  @ValidateIf((o: TaskEntryUpdateDto) => o.met !== null)
  @IsBoolean({ message: '是否达标只能是“是”“否”或不填' })
  met: boolean | null;

  @ApiProperty({ type: [TaskEvidenceDto] })
  @IsArray({ message: '佐证材料应当是一个列表' })
  @ArrayMaxSize(TASK_EVIDENCE_MAX, { message: `佐证材料最多${TASK_EVIDENCE_MAX}个` })
  @ValidateNested({ each: true })
  @Type(() => TaskEvidenceDto)
  evidence: TaskEvidenceDto[];
}
