import { AreaChangeRequest, NewAreaRequest } from '@lp/shared';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class NewAreaDto implements NewAreaRequest {
  @ApiProperty({ description: '上级区域编号（区下面建街道/镇，街道下面建社区/村）' })
  @IsInt({ message: '请选择上级区域' })
  @Min(1, { message: '上级区域不对' })
  @Max(2147483647, { message: '上级区域不对' })
  parentId: number;

  @ApiProperty({ description: '12位统计用区划代码', example: '330282001001' })
  @IsString({ message: '请填写12位统计用区划代码' })
  @Matches(/^\d{12}$/, { message: '统计用区划代码应当是12位数字' })
  code: string;

  @ApiProperty({ description: '名称', maxLength: 64 })
  @Transform(trimmed)
  @IsString({ message: '请填写名称' })
  @MinLength(1, { message: '请填写名称' })
  @MaxLength(64, { message: '名称最多64个字' })
  name: string;

  @ApiProperty({ description: '乡村（true）或城市（false）' })
  @IsBoolean({ message: '请选择城市还是乡村' })
  isRural: boolean;
}

export class AreaChangeDto implements AreaChangeRequest {
  @ApiProperty({ description: '新名称', maxLength: 64, required: false })
  @IsOptional()
  @Transform(trimmed)
  @IsString({ message: '名称应当是文字' })
  @MinLength(1, { message: '名称不能为空' })
  @MaxLength(64, { message: '名称最多64个字' })
  name?: string;

  @ApiProperty({ description: '乡村（true）或城市（false）', required: false })
  @IsOptional()
  @IsBoolean({ message: '城市还是乡村，应当是 true 或 false' })
  isRural?: boolean;

  @ApiProperty({ description: '移到这个上级区域下（与原上级同一级）', required: false })
  @IsOptional()
  @IsInt({ message: '上级区域不对' })
  @Min(1, { message: '上级区域不对' })
  @Max(2147483647, { message: '上级区域不对' })
  parentId?: number;

  @ApiProperty({ description: 'true 停用（撤并），false 恢复使用', required: false })
  @IsOptional()
  @IsBoolean({ message: '停用应当是 true 或 false' })
  retired?: boolean;
}
