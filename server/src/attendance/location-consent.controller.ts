import { LocationConsentView, Role } from '@lp/shared';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { Returns } from '../openapi/returns';
import { LocationConsents } from './location-consents';

export class LocationConsentDto {
  /** true 同意签到时使用位置；false 不同意 */
  @IsBoolean({ message: '请选择同意或不同意' })
  given: boolean;
}

@ApiTags('attendance')
@Controller('me/location-consent')
export class LocationConsentController {
  constructor(private readonly consents: LocationConsents) {}

  @Returns('LocationConsentView')
  @Get()
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我是否同意签到时使用位置（还没回答时为空）' })
  get(@CurrentActor() actor: Actor): Promise<LocationConsentView> {
    return this.consents.get(actor);
  }

  @Returns('LocationConsentView')
  @Put()
  @Roles(Role.Resident)
  @ApiOperation({ summary: '同意或不同意签到时使用位置；不同意也能签到，需要确认在现场的活动由老师核对；随时可以改' })
  decide(@CurrentActor() actor: Actor, @Body() dto: LocationConsentDto): Promise<LocationConsentView> {
    return this.consents.decide(actor, dto.given);
  }
}
