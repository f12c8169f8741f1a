import { Transform } from 'class-transformer';
import { IsString, Length, Matches, NotContains } from 'class-validator';

export class RevokeTranscriptDto {
  /**
   * 为什么撤销（验证页不显示，居民本人能看到）
   * @example '信息有误，已重新出具'
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: '撤销原因应当是文字' })
  @Length(2, 200, { message: '撤销原因应为2到200个字' })
  @Matches(/^[^<>]*$/s, { message: '撤销原因里不能有尖括号' })
  @NotContains('\u0000', { message: '撤销原因里有无效字符' })
  reason: string;
}
