import { CERTIFICATION_LIMITS as LIMITS, CertificationStatus, REASON_LENGTH } from '@lp/shared';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { trim } from '../../common/dto-transforms';

const NO_MARKUP = /^[^<>]*$/s;

export class SubmitCertificationDto {
  /**
   * 认定成果的编码（见 GET /certifications/achievements）
   * @example 'vocational_level_3'
   */
  @IsString({ message: '请选择要认定的成果' })
  @Matches(/^[a-z0-9_]{2,32}$/, { message: '请选择要认定的成果' })
  achievementCode: string;

  /**
   * 证书编号
   * @example 'S000032010000123'
   */
  @Transform(trim)
  @IsString({ message: '证书编号应当是文字' })
  @Length(LIMITS.certificateNoMin, LIMITS.certificateNoMax, { message: `证书编号应为${LIMITS.certificateNoMin}到${LIMITS.certificateNoMax}位` })
  @Matches(/^[A-Za-z0-9\-_/ ]+$/, { message: '证书编号只能有字母、数字和横线' })
  certificateNo: string;

  /**
   * 发证单位
   * @example '江苏省人力资源和社会保障厅'
   */
  @Transform(trim)
  @IsString({ message: '发证单位应当是文字' })
  @Length(LIMITS.issuerMin, LIMITS.issuerMax, { message: `发证单位应为${LIMITS.issuerMin}到${LIMITS.issuerMax}个字` })
  @Matches(NO_MARKUP, { message: '发证单位里不能有尖括号' })
  issuer: string;

  /**
   * 发证日期
   * @example '2025-06-30'
   */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '发证日期格式应为 2025-06-30' })
  issuedOn: string;

  /** 证书照片或 PDF（先用 POST /uploads 上传） */
  @IsUUID('all', { message: '请先上传证书照片' })
  evidenceUploadId: string;
}

export class RejectCertificationDto {
  /** 不通过的原因（居民会看到） */
  @Transform(trim)
  @IsString({ message: '原因应当是文字' })
  @Length(REASON_LENGTH.min, REASON_LENGTH.max, { message: `原因应为${REASON_LENGTH.min}到${REASON_LENGTH.max}个字` })
  @Matches(NO_MARKUP, { message: '原因里不能有尖括号' })
  reason: string;
}

export class CertificationQueryDto {
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected'], { message: '状态不是可选的值' })
  status?: CertificationStatus;

  /** 只看这个区域（含下级） */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '区域编号应当是整数' })
  @Min(1, { message: '区域编号不对' })
  @Max(2147483647, { message: '区域编号不对' })
  areaId?: number;
}
