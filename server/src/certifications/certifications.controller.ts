import { AchievementView, CertificationView, Role } from '@lp/shared';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { BigIdParamPipe } from '../common/params';
import { CertificationsService } from './certifications.service';
import { CertificationQueryDto, RejectCertificationDto, SubmitCertificationDto } from './dto/certification.dto';
import { Returns } from '../openapi/returns';
import { ShowsPersonalData } from '../access-log/shows-personal-data';

@ApiTags('certifications')
@Controller()
export class CertificationsController {
  constructor(private readonly certifications: CertificationsService) {}

  @Returns('AchievementViewList')
  @Get('certifications/achievements')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '可以认定的成果和各值多少学分（居民，按所在区现行标准）' })
  achievements(@CurrentActor() actor: Actor): Promise<AchievementView[]> {
    return this.certifications.achievements(actor);
  }

  @Returns('CertificationView')
  @Post('me/certifications')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '提交学分认定申请（居民本人；同一证书编号只能提交一次）' })
  submit(@CurrentActor() actor: Actor, @Body() dto: SubmitCertificationDto): Promise<CertificationView> {
    return this.certifications.submit(actor, dto);
  }

  @Returns('CertificationViewList')
  @Get('me/certifications')
  @Roles(Role.Resident)
  @ApiOperation({ summary: '我的学分认定申请和结果' })
  mine(@CurrentActor() actor: Actor): Promise<CertificationView[]> {
    return this.certifications.mine(actor);
  }

  @Returns('CertificationViewList')
  @Get('certifications')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本辖区的学分认定申请（管理员；待审核的在前）' })
  list(@CurrentActor() actor: Actor, @Query() q: CertificationQueryDto): Promise<CertificationView[]> {
    return this.certifications.list(actor, q);
  }

  @Returns('CertificationView')
  @Get('certifications/:id')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ShowsPersonalData('certification-evidence')
  @ApiOperation({ summary: '一份认定申请的详情和证明材料（申请人所在区域的管理员）' })
  detail(@CurrentActor() actor: Actor, @Param('id', BigIdParamPipe) id: string): Promise<CertificationView> {
    return this.certifications.detail(actor, id);
  }

  @Returns('CertificationView')
  @Post('certifications/:id/approve')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '认定通过：按认定标准记入学分（申请人所在区域的管理员）' })
  approve(@CurrentActor() actor: Actor, @Param('id', BigIdParamPipe) id: string): Promise<CertificationView> {
    return this.certifications.approve(actor, id);
  }

  @Returns('CertificationView')
  @Post('certifications/:id/reject')
  @HttpCode(200)
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '认定不通过，写明原因（申请人所在区域的管理员）' })
  reject(@CurrentActor() actor: Actor, @Param('id', BigIdParamPipe) id: string, @Body() dto: RejectCertificationDto): Promise<CertificationView> {
    return this.certifications.reject(actor, id, dto.reason);
  }
}
