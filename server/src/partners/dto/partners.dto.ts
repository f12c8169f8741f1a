import { Category, ConsentInput, ConversionInput, PartnerScope } from '@lp/shared';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { trim } from '../../common/dto-transforms';

const SCOPES: PartnerScope[] = ['credits:read', 'transcripts:verify', 'records:export'];
const NO_MARKUP = /^[^<>]*$/s;

export class ConversionInputDto implements ConversionInput {
  @IsInt({ message: '请选择要转换的项目' })
  @Min(1, { message: '请选择要转换的项目' })
  @Max(2147483647, { message: '请选择要转换的项目' })
  offerId: number;

  /** 每次转换一个新的随机串（如 UUID）；网络重试时用同一个，只会转换一次 */
  @IsString({ message: '请求编号应当是文字' })
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: '请求编号格式不对' })
  requestKey: string;
}

export class ConsentInputDto implements ConsentInput {
  @IsInt({ message: '请选择合作机构' })
  @Min(1, { message: '请选择合作机构' })
  @Max(2147483647, { message: '请选择合作机构' })
  partnerId: number;

  @IsArray({ message: '请选择允许查询的内容' })
  @ArrayMinSize(1, { message: '请至少选择一项允许查询的内容' })
  @ArrayMaxSize(3, { message: '允许查询的内容选多了' })
  @ArrayUnique({ message: '允许查询的内容重复了' })
  @IsIn(SCOPES, { each: true, message: '允许查询的内容不是可选的值' })
  scopes: PartnerScope[];

  /** 有效天数，1 到 365 */
  @IsInt({ message: '有效天数应当是整数' })
  @Min(1, { message: '有效期至少1天' })
  @Max(365, { message: '有效期最长365天' })
  days: number;
}

export class ReverseConversionDto {
  @Transform(trim)
  @IsString({ message: '原因应当是文字' })
  @Length(2, 200, { message: '原因应为2到200个字' })
  @Matches(NO_MARKUP, { message: '原因里不能有尖括号' })
  reason: string;
}

/** Why a key is revoked: the same short reason as a reversal, kept in the audit trail. */
export class RevokeKeyDto extends ReverseConversionDto {}

export class PartnerInputDto {
  /**
   * @example '明湖开放大学'
   */
  @Transform(trim)
  @IsString({ message: '机构名称应当是文字' })
  @Length(2, 64, { message: '机构名称应为2到64个字' })
  @Matches(NO_MARKUP, { message: '机构名称里不能有尖括号' })
  name: string;
}

export class ApiKeyInputDto {
  @IsArray({ message: '请选择密钥的权限' })
  @ArrayMinSize(1, { message: '请至少选择一项权限' })
  @ArrayMaxSize(3, { message: '权限选多了' })
  @ArrayUnique({ message: '权限重复了' })
  @IsIn(SCOPES, { each: true, message: '权限不是可选的值' })
  scopes: PartnerScope[];
}

export class RotateKeyDto {
  /** 旧密钥还能用多少小时（0 表示立即停用，最长 168 小时即 7 天），好让合作机构换上新密钥 */
  @IsInt({ message: '旧密钥继续可用的时间应当是整数小时' })
  @Min(0, { message: '旧密钥继续可用的时间不能是负数' })
  @Max(168, { message: '旧密钥最多再用7天（168小时）' })
  overlapHours: number;
}

export class OfferInputDto {
  /**
   * @example '开放大学《计算机应用基础》课程免修'
   */
  @Transform(trim)
  @IsString({ message: '项目名称应当是文字' })
  @Length(2, 100, { message: '项目名称应为2到100个字' })
  @Matches(NO_MARKUP, { message: '项目名称里不能有尖括号' })
  title: string;

  @Transform(trim)
  @IsString({ message: '说明应当是文字' })
  @MaxLength(500, { message: '说明不能超过500字' })
  @Matches(NO_MARKUP, { message: '说明里不能有尖括号' })
  description: string;

  /** 需要多少学分（千分之一学分） */
  @IsInt({ message: '学分应当是整数（千分之一学分）' })
  @Min(1, { message: '学分至少 0.001' })
  @Max(1_000_000, { message: '学分太大了' })
  creditsMilli: number;

  /** 哪些类别的学分可以用；空表示都可以 */
  @IsArray({ message: '学分类别应当是列表' })
  @ArrayMaxSize(9, { message: '学分类别选多了' })
  @ArrayUnique({ message: '学分类别重复了' })
  @IsEnum(Category, { each: true, message: '学分类别不是可选的值' })
  categories: Category[];
}

export class ReceiptParamDto {
  @Type(() => String)
  @Matches(/^LP\d{8}[A-Z0-9]{8}$/, { message: '回执编号格式不对' })
  receiptNo: string;
}
