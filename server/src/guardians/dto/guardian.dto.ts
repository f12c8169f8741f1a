import { GuardianRelationship } from '@lp/shared';
import { Equals, IsBoolean, IsDateString, IsEnum, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { IdNumberField, RealNameField } from '../../residents/dto/resident.dto';

export class AddChildDto {
  /**
   * 孩子的真实姓名
   * @example '王小明'
   */
  @RealNameField('请填写孩子的真实姓名')
  realName: string;

  /**
   * 孩子的出生日期（不满14周岁）
   * @example '2016-05-20'
   */
  @IsDateString({ strict: true }, { message: '出生日期不对，格式如 2016-05-20' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '出生日期不对，格式如 2016-05-20' })
  birthDate: string;

  /** 您是孩子的：父母、祖父母、其他监护人 */
  @ApiProperty({ enum: GuardianRelationship })
  @IsEnum(GuardianRelationship, { message: '请选择您和孩子的关系' })
  relationship: GuardianRelationship;

  /** 孩子的18位身份证号，选填 */
  @IdNumberField()
  idNumber?: string;

  /** 孩子所在社区/村的编号，不填就是您所在的社区 */
  @IsOptional()
  @IsInt({ message: '请选择孩子所在社区' })
  @Min(1, { message: '请选择孩子所在社区' })
  @Max(2147483647, { message: '请选择孩子所在社区' })
  communityId?: number;

  /** 监护人已阅读《隐私政策》并同意处理孩子的个人信息（必须为 true） */
  @IsBoolean({ message: '请先同意处理孩子的个人信息' })
  @Equals(true, { message: '请先同意处理孩子的个人信息' })
  consent: boolean;
}

export class ChildConsentDto {
  /** true：同意；false：收回同意（孩子的账户随即冻结） */
  @IsBoolean({ message: '请说明同意还是收回同意' })
  given: boolean;
}

export class JoinAsGuardianDto {
  /**
   * 另一位监护人给您的8位邀请码
   * @example '12345678'
   */
  @IsString({ message: '请填写8位邀请码' })
  @Matches(/^\s*\d{8}\s*$/, { message: '邀请码是8位数字，请再看一下' })
  code: string;

  /** 您是孩子的：父母、祖父母、其他监护人 */
  @ApiProperty({ enum: GuardianRelationship })
  @IsEnum(GuardianRelationship, { message: '请选择您和孩子的关系' })
  relationship: GuardianRelationship;

  /** 您已阅读《隐私政策》并同意处理孩子的个人信息（必须为 true） */
  @IsBoolean({ message: '请先同意处理孩子的个人信息' })
  @Equals(true, { message: '请先同意处理孩子的个人信息' })
  consent: boolean;
}

export class TakeOverAccountDto {
  /**
   * 监护人给您的8位交接码
   * @example '12345678'
   */
  @IsString({ message: '请填写8位交接码' })
  @Matches(/^\s*\d{8}\s*$/, { message: '交接码是8位数字，请再看一下' })
  code: string;
}
