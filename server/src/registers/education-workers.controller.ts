import { EducationWorkerView, NumberedPage, Role, TrainingRequirement } from '@lp/shared';
import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { IdParamPipe, YearParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';
import { ChangeWorkerDto, RecordTrainingDto, RegisterWorkerDto, SetRequirementDto, WorkerListQueryDto, WorkerYearQueryDto } from './dto/register.dto';
import { EducationWorkersService } from './education-workers.service';

const KEEPERS = [Role.Admin, Role.SuperAdmin, Role.Teacher] as const;

@ApiTags('registers')
@Controller('admin/education-workers')
export class EducationWorkersController {
  constructor(private readonly workers: EducationWorkersService) {}

  @Returns('EducationWorkerViewPage')
  @Get()
  @Roles(...KEEPERS)
  @ApiOperation({ summary: '成人教育工作者名册：管理员看本辖区的，学校教师看本校的；含当年继续教育学时是否达到要求，手机号打码，分页' })
  list(@CurrentActor() actor: Actor, @Query() q: WorkerListQueryDto): Promise<NumberedPage<EducationWorkerView>> {
    return this.workers.list(actor, q);
  }

  @Returns('EducationWorkerView')
  @Post()
  @Roles(...KEEPERS)
  @ApiOperation({ summary: '登记一位成人教育工作者（专职或兼职、学校或区域、资格、入册日期）；手机号加密保存，留痕' })
  register(@CurrentActor() actor: Actor, @Body() dto: RegisterWorkerDto): Promise<EducationWorkerView> {
    return this.workers.register(actor, dto);
  }

  @Returns('TrainingRequirement')
  @Get('requirement/:year')
  @Roles(...KEEPERS)
  @ApiOperation({ summary: '这一年每位工作者应达到的继续教育学时（区里没设置时为默认的72学时）' })
  requirement(@CurrentActor() actor: Actor, @Param('year', YearParamPipe) year: number): Promise<TrainingRequirement> {
    return this.workers.requirement(actor, year);
  }

  @Returns('TrainingRequirement')
  @Put('requirement/:year')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '区（县）管理员设置这一年应达到的继续教育学时，留痕' })
  setRequirement(@CurrentActor() actor: Actor, @Param('year', YearParamPipe) year: number, @Body() dto: SetRequirementDto): Promise<TrainingRequirement> {
    return this.workers.setRequirement(actor, year, dto);
  }

  @Returns('EducationWorkerView')
  @Get(':id')
  @Roles(...KEEPERS)
  @ApiOperation({ summary: '一位工作者的档案和这一年的继续教育记录' })
  get(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Query() q: WorkerYearQueryDto): Promise<EducationWorkerView> {
    return this.workers.get(actor, id, q.year);
  }

  @Returns('EducationWorkerView')
  @Patch(':id')
  @Roles(...KEEPERS)
  @ApiOperation({ summary: '修改工作者的姓名、手机号、专职/兼职、资格，或登记离册日期，留痕' })
  change(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: ChangeWorkerDto): Promise<EducationWorkerView> {
    return this.workers.change(actor, id, dto);
  }

  @Returns('EducationWorkerView')
  @Post(':id/training')
  @Roles(...KEEPERS)
  @ApiOperation({ summary: '记一次继续教育：日期、学时（分钟）、内容；日期须在在册期间、不晚于今天，留痕' })
  recordTraining(@CurrentActor() actor: Actor, @Param('id', IdParamPipe) id: number, @Body() dto: RecordTrainingDto): Promise<EducationWorkerView> {
    return this.workers.recordTraining(actor, id, dto);
  }
}
