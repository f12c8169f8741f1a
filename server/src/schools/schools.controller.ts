import { SchoolSummary } from '@lp/shared';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AreaIdQueryDto } from '../common/area-query.dto';
import { Public } from '../common/access';
import { SchoolsService } from './schools.service';
import { Returns } from '../openapi/returns';

@ApiTags('schools')
@Controller('schools')
export class SchoolsController {
  constructor(private readonly schools: SchoolsService) {}

  @Returns('SchoolSummaryList')
  @Get()
  @Public()
  @ApiOperation({ summary: '社区学院、街道成校、市民学校、老年大学' })
  list(@Query() q: AreaIdQueryDto): Promise<SchoolSummary[]> {
    return this.schools.list(q.areaId);
  }
}
