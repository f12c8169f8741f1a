import { Transform } from 'class-transformer';
import { IsString, Length, Matches } from 'class-validator';

export class VoidRecordDto {
  /**
   * 为什么作废（居民会看到）
   * @example '重复录入'
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: '作废原因应当是文字' })
  @Length(2, 200, { message: '作废原因应为2到200个字' })
  @Matches(/^[^<>]*$/s, { message: '作废原因里不能有尖括号' })
  reason: string;
}
