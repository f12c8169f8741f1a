import { Page, Role, StaffListItem, StaffPasswordIssued } from '@lp/shared';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { UuidParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';
import { NewStaffDto, PasswordResetDto, StaffListQueryDto, StaffPlaceDto } from './dto/staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@Controller('admin/staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Returns('StaffListItemPage')
  @Get()
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '本辖区的教师和管理员：按姓名或账号查找，按角色、区域、学校、状态筛选' })
  list(@CurrentActor() actor: Actor, @Query() q: StaffListQueryDto): Promise<Page<StaffListItem>> {
    return this.staff.list(actor, q);
  }

  @Returns('StaffPasswordIssued')
  @Post()
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '开设教师或下级管理员账号；初始密码只显示这一次，首次登录必须修改（留痕）' })
  create(@CurrentActor() actor: Actor, @Body() dto: NewStaffDto): Promise<StaffPasswordIssued> {
    return this.staff.create(actor, dto);
  }

  @Returns('StaffPasswordIssued')
  @Post(':userId/password-reset')
  @Roles(Role.Admin, Role.SuperAdmin)
  @HttpCode(200)
  @ApiOperation({ summary: '重设密码：临时密码只显示这一次，原来的登录随即失效，登录后必须修改（留痕）' })
  resetPassword(@CurrentActor() actor: Actor, @Param('userId', UuidParamPipe) userId: string, @Body() dto: PasswordResetDto): Promise<StaffPasswordIssued> {
    return this.staff.resetPassword(actor, userId, dto);
  }

  @Returns('StaffListItem')
  @Post(':userId/disable')
  @Roles(Role.Admin, Role.SuperAdmin)
  @HttpCode(200)
  @ApiOperation({ summary: '停用账号：几秒内退出登录（留痕）；本区最后一位区级总管理员不能停用' })
  disable(@CurrentActor() actor: Actor, @Param('userId', UuidParamPipe) userId: string): Promise<StaffListItem> {
    return this.staff.setDisabled(actor, userId, true);
  }

  @Returns('StaffListItem')
  @Post(':userId/enable')
  @Roles(Role.Admin, Role.SuperAdmin)
  @HttpCode(200)
  @ApiOperation({ summary: '重新启用账号（留痕）' })
  enable(@CurrentActor() actor: Actor, @Param('userId', UuidParamPipe) userId: string): Promise<StaffListItem> {
    return this.staff.setDisabled(actor, userId, false);
  }

  @Returns('StaffListItem')
  @Put(':userId/scope')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ApiOperation({ summary: '调整角色、所在学校或管理区域（留痕），原来的登录随即失效' })
  changeScope(@CurrentActor() actor: Actor, @Param('userId', UuidParamPipe) userId: string, @Body() dto: StaffPlaceDto): Promise<StaffListItem> {
    return this.staff.changeScope(actor, userId, dto);
  }
}
