import { REAL_NAME_LENGTH, ResidentGroup } from '@lp/shared';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { AreaIdQueryDto } from '../../common/area-query.dto';
import { PageQueryDto } from '../../common/page-query.dto';
import { REAL_NAME_PATTERN } from '../resident-name';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { trim } from '../../common/dto-transforms';

/** The groups a resident belongs to: known values, each once. */
const GroupsField = () =>
  applyDecorators(
    ApiProperty({ enum: ResidentGroup, isArray: true }),
    IsArray({ message: '人群类别格式不对' }),
    ArrayMaxSize(6, { message: '人群类别太多了' }),
    ArrayUnique({ message: '人群类别重复了' }),
    IsEnum(ResidentGroup, { each: true, message: '人群类别不是可选的值' }),
  );

/** A real name as residents bind it (a guardian's child's too): trimmed, Chinese or Latin letters and “·”. */
export const RealNameField = (missing: string) =>
  applyDecorators(
    ApiProperty({ pattern: REAL_NAME_PATTERN.source, minLength: REAL_NAME_LENGTH.min, maxLength: REAL_NAME_LENGTH.max }),
    Transform(trim),
    IsString({ message: missing }),
    Length(REAL_NAME_LENGTH.min, REAL_NAME_LENGTH.max, { message: `姓名应为${REAL_NAME_LENGTH.min}到${REAL_NAME_LENGTH.max}个字` }),
    Matches(REAL_NAME_PATTERN, { message: '姓名只能包含汉字、字母或“·”' }),
  );

/** An optional 18-character ID number, upper-cased; its checksum and birth date are checked by the service. */
export const IdNumberField = () =>
  applyDecorators(
    ApiPropertyOptional({ minLength: 18, maxLength: 18 }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() || undefined : value)),
    IsString({ message: '身份证号格式不对' }),
    Length(18, 18, { message: '身份证号应为18位' }),
  );

/** The code WeChat's getPhoneNumber gives the mini program: opaque, short, URL-safe. */
const PhoneCodeField = () =>
  applyDecorators(
    IsString({ message: '手机号验证码格式不对，请再点一次“手机号快速验证”' }),
    Length(1, 128, { message: '手机号验证码格式不对，请再点一次“手机号快速验证”' }),
    Matches(/^[\w-]+$/, { message: '手机号验证码格式不对，请再点一次“手机号快速验证”' }),
  );


export class BindProfileDto {
  /**
   * @example '王秀英'
   */
  @RealNameField('请填写真实姓名')
  realName: string;

  /**
   * 手动填写的手机号；用了“手机号快速验证”（phoneCode）就不填
   * @example '13800001111'
   */
  @ValidateIf((o: BindProfileDto) => o.phoneCode === undefined)
  @Transform(trim)
  @IsString({ message: '请填写手机号' })
  @Matches(/^1[3-9]\d{9}$/, { message: '手机号格式不对，应为11位数字' })
  phone?: string;

  /** 微信“手机号快速验证”（getPhoneNumber）给的 code：服务器向微信换取已验证的手机号 */
  @IsOptional()
  @PhoneCodeField()
  phoneCode?: string;

  /** 18位身份证号，选填 */
  @IdNumberField()
  idNumber?: string;

  /**
   * @example '1958-04-12'
   */
  @IsDateString({ strict: true }, { message: '出生日期不对，格式如 1958-04-12' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '出生日期不对，格式如 1958-04-12' })
  birthDate: string;

  /** 所在社区/村的编号 */
  @IsInt({ message: '请选择所在社区' })
  @Min(1, { message: '请选择所在社区' })
  @Max(2147483647, { message: '请选择所在社区' })
  communityId: number;

  @GroupsField()
  groups: ResidentGroup[];
}

export class VerifyPhoneDto {
  /** 微信“手机号快速验证”（getPhoneNumber）给的 code */
  @PhoneCodeField()
  code: string;
}

export class SetGroupsDto {
  @GroupsField()
  groups: ResidentGroup[];
}

/** An admin's resident list: an area subtree (down to one community), one group, paginated. */
export class ResidentListQueryDto extends IntersectionType(AreaIdQueryDto, PageQueryDto) {
  /** 只看这一类人群 */
  @IsOptional()
  @IsEnum(ResidentGroup, { message: '人群类别不是可选的值' })
  group?: ResidentGroup;
}

/**
 * A search in that list, sent in the body so that a phone number never sits in a URL (proxy
 * access logs, browser history). Only whole values match, through their keyed hashes.
 */
export class ResidentSearchDto extends ResidentListQueryDto {
  /** 完整姓名或完整的11位手机号 */
  @Transform(trim)
  @IsString({ message: '请输入完整姓名或11位手机号' })
  @Length(1, REAL_NAME_LENGTH.max, { message: '请输入完整姓名或11位手机号' })
  q: string;
}
