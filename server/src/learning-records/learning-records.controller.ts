import { Role, RecordVoided } from '@lp/shared';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { BigIdParamPipe } from '../common/params';
import { VoidRecordDto } from './dto/void-record.dto';
import { LearningRecordsService } from './learning-records.service';
import { Returns } from '../openapi/returns';

@ApiTags('learning-records')
@Controller('learning-records')
export class LearningRecordsController {
  constructor(private readonly records: LearningRecordsService) {}

  @Returns('RecordVoided')
  @Post(':id/void')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '作废一条错误的学习记录（所在区域管理员；写一条冲销记录并收回学分，留痕）' })
  void(@CurrentActor() actor: Actor, @Param('id', BigIdParamPipe) id: string, @Body() dto: VoidRecordDto): Promise<RecordVoided> {
    return this.records.voidRecord(actor, id, dto.reason);
  }
}
