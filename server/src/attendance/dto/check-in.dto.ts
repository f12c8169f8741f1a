import {
  CHECKIN_CODE_DIGITS,
  CheckInDecision,
  CheckInRequest,
  CheckInReviewRequest,
  GeoPoint,
  ProxyCheckInRequest,
  ProxyLookupRequest,
  REVIEW_REASON_MAX,
} from '@lp/shared';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const SPOKEN_CODE = new RegExp(`^\\d{${CHECKIN_CODE_DIGITS}}$`);

export class GeoPointDto implements GeoPoint {
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '纬度应当是数字' })
  @Min(-90, { message: '纬度不对' })
  @Max(90, { message: '纬度不对' })
  latitude: number;

  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '经度应当是数字' })
  @Min(-180, { message: '经度不对' })
  @Max(180, { message: '经度不对' })
  longitude: number;

  /** 定位误差（米） */
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '定位误差应当是数字' })
  @Min(0, { message: '定位误差不对' })
  @Max(100000, { message: '定位误差不对' })
  accuracy: number;
}

export class CheckInDto implements CheckInRequest {
  /** 扫到的二维码内容 */
  @IsOptional()
  @IsString({ message: '二维码内容不对' })
  @MaxLength(500, { message: '这不是签到二维码' })
  qr?: string;

  @IsOptional()
  @IsInt({ message: '课次编号不对' })
  @Min(1, { message: '课次编号不对' })
  @Max(2147483647, { message: '课次编号不对' })
  sessionId?: number;

  // the plugin documents only a literal pattern: this one is built from the shared digit count
  @ApiPropertyOptional({ description: `老师念的${CHECKIN_CODE_DIGITS}位签到码`, pattern: SPOKEN_CODE.source })
  @IsOptional()
  @Matches(SPOKEN_CODE, { message: `签到码是${CHECKIN_CODE_DIGITS}位数字` })
  code?: string;

  @IsOptional()
  @IsBoolean({ message: '离线标记应为是或否' })
  offline?: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => GeoPointDto)
  location?: GeoPointDto | null;
}

export class ProxyLookupDto implements ProxyLookupRequest {
  @IsOptional()
  @Matches(/^1[3-9]\d{9}$/, { message: '手机号格式不对，应为11位数字' })
  phone?: string;

  @IsOptional()
  @Matches(/^\d{17}[\dXx]$/, { message: '身份证号应为18位' })
  idNumber?: string;

  /** 居民学习码的内容 */
  @IsOptional()
  @IsString({ message: '学习码不对' })
  @MaxLength(100, { message: '学习码不对' })
  learnerCode?: string;
}

export class ProxyCheckInDto implements ProxyCheckInRequest {
  /** 查找居民时拿到的代签凭证（10分钟内有效） */
  @IsString({ message: '请先查找居民，核对姓名后再代签' })
  @Matches(/^LPP\.[\w-]{1,400}\.[\w-]{1,40}$/, { message: '请先查找居民，核对姓名后再代签' })
  lookupToken: string;
}

export class CheckInReviewDto implements CheckInReviewRequest {
  /** 要核对的签到编号（同一次课），一次最多500个 */
  @IsArray({ message: '请选择要核对的签到' })
  @ArrayMinSize(1, { message: '请选择要核对的签到' })
  @ArrayMaxSize(500, { message: '一次最多核对500个签到' })
  @IsInt({ each: true, message: '签到编号不对' })
  @Min(1, { each: true, message: '签到编号不对' })
  @Max(9007199254740991, { each: true, message: '签到编号不对' })
  attendanceIds: number[];

  /** confirm 确认（记学时），reject 不通过（不记学时） */
  @IsIn(['confirm', 'reject'], { message: '请选择确认或不通过' })
  decision: CheckInDecision;

  /** 不通过的原因（必填），居民会看到 */
  @IsOptional()
  @IsString({ message: '原因应当是文字' })
  @MaxLength(REVIEW_REASON_MAX, { message: `原因最多${REVIEW_REASON_MAX}个字` })
  reason?: string;
}
