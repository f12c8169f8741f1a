import { AccountClosed, Role } from '@lp/shared';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ShowsPersonalData } from '../access-log/shows-personal-data';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { UuidParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';
import { AccountClosureService } from './account-closure.service';
import { CloseOwnAccountDto, CloseResidentAccountDto } from './dto/close-account.dto';

@ApiTags('account-closure')
@Controller()
export class AccountClosureController {
  constructor(private readonly closure: AccountClosureService) {}

  @Returns('AccountClosed')
  @Post('me/account/close')
  @Roles(Role.Resident)
  @HttpCode(200)
  @ApiOperation({ summary: '注销我的账户：个人信息永久无法读取，所有设备退出登录，成绩单撤销；学习记录和学分以匿名方式保留' })
  closeOwn(@CurrentActor() actor: Actor, @Body() dto: CloseOwnAccountDto): Promise<AccountClosed> {
    return this.closure.closeOwn(actor, dto.confirm);
  }

  @Returns('AccountClosed')
  @Post('admin/residents/:userId/close')
  @Roles(Role.Admin, Role.SuperAdmin)
  @ShowsPersonalData('account-closure')
  @HttpCode(200)
  @ApiOperation({ summary: '应居民申请注销其账户（本辖区管理员），留痕并记入个人信息查看记录' })
  closeResident(@CurrentActor() actor: Actor, @Param('userId', UuidParamPipe) userId: string, @Body() dto: CloseResidentAccountDto): Promise<AccountClosed> {
    return this.closure.closeResident(actor, userId, dto.confirm, dto.reason);
  }
}
