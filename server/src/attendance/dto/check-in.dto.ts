import { CheckInRequest, GeoPoint, ProxyCheckInRequest } from '@lp/shared';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class GeoPointDto implements GeoPoint {
  @ApiProperty()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '纬度应当是数字' })
  @Min(-90, { message: '纬度不对' })
  @Max(90, { message: '纬度不对' })
  latitude: number;

  @ApiProperty()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '经度应当是数字' })
  @Min(-180, { message: '经度不对' })
  @Max(180, { message: '经度不对' })
  longitude: number;

  @ApiProperty({ description: '定位误差（米）' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: '定位误差应当是数字' })
  @Min(0, { message: '定位误差不对' })
  @Max(100000, { message: '定位误差不对' })
  accuracy: number;
}

export class CheckInDto implements CheckInRequest {
  @ApiProperty({ required: false, description: '扫到的二维码内容' })
  @IsOptional()
  @IsString({ message: '二维码内容不对' })
  @MaxLength(200, { message: '这不是签到二维码' })
  qr?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsInt({ message: '课次编号不对' })
  @Min(1, { message: '课次编号不对' })
  @Max(2147483647, { message: '课次编号不对' })
  sessionId?: number;

  @ApiProperty({ required: false, description: '老师念的6位签到码' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '签到码是6位数字' })
  code?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsBoolean({ message: '离线标记应为是或否' })
  offline?: boolean;

  @ApiProperty({ required: false, type: GeoPointDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GeoPointDto)
  location?: GeoPointDto | null;
}

export class ProxyCheckInDto implements ProxyCheckInRequest {
  @ApiProperty({ required: false })
  @IsOptional()
  @Matches(/^1[3-9]\d{9}$/, { message: '手机号格式不对，应为11位数字' })
  phone?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @Matches(/^\d{17}[\dXx]$/, { message: '身份证号应为18位' })
  idNumber?: string;

  @ApiProperty({ required: false, description: '居民学习码的内容' })
  @IsOptional()
  @IsString({ message: '学习码不对' })
  @MaxLength(100, { message: '学习码不对' })
  learnerCode?: string;
}
