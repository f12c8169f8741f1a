import { AccountTakenOver, ChildHandover, ChildView, GuardianInvitation, Role } from '@lp/shared';
import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Roles } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
import { UuidParamPipe } from '../common/params';
import { Returns } from '../openapi/returns';
import { AddChildDto, ChildConsentDto, JoinAsGuardianDto, TakeOverAccountDto } from './dto/guardian.dto';
import { GuardiansService } from './guardians.service';
import { OwnAccount } from './resident-action';

@ApiTags('guardians')
@Controller('me/children')
export class GuardiansController {
  constructor(private readonly guardians: GuardiansService) {}

  @Returns('ChildViewList')
  @Get()
  @Roles(Role.Resident)
  @OwnAccount()
  @ApiOperation({ summary: '我的孩子（不满18周岁、由我添加的），以及我的同意是否有效' })
  list(@CurrentActor() actor: Actor): Promise<ChildView[]> {
    return this.guardians.children(actor);
  }

  @Returns('ChildView')
  @Post()
  @Roles(Role.Resident)
  @OwnAccount()
  @ApiOperation({ summary: '监护人添加不满14周岁的孩子，并同意处理孩子的个人信息（记录隐私政策版本）' })
  add(@CurrentActor() actor: Actor, @Body() dto: AddChildDto): Promise<ChildView> {
    return this.guardians.addChild(actor, dto);
  }

  @Returns('ChildView')
  @Put(':childId/consent')
  @HttpCode(200)
  @Roles(Role.Resident)
  @OwnAccount()
  @ApiOperation({ summary: '监护人同意或收回同意；收回后孩子的账户冻结，不能报名、签到、学习' })
  consent(@CurrentActor() actor: Actor, @Param('childId', UuidParamPipe) childId: string, @Body() dto: ChildConsentDto): Promise<ChildView> {
    return this.guardians.setConsent(actor, childId, dto.given);
  }

  @Returns('GuardianInvitation')
  @Post(':childId/invitations')
  @Roles(Role.Resident)
  @OwnAccount()
  @ApiOperation({ summary: '孩子的监护人邀请另一位监护人（如另一位家长）：生成一次性的8位邀请码，24小时内有效' })
  invite(@CurrentActor() actor: Actor, @Param('childId', UuidParamPipe) childId: string): Promise<GuardianInvitation> {
    return this.guardians.invite(actor, childId);
  }

  @Returns('ChildView')
  @Post('join')
  @HttpCode(201)
  @Roles(Role.Resident)
  @OwnAccount()
  @ApiOperation({ summary: '被邀请的监护人输入邀请码，并自己同意处理孩子的个人信息；之后两位监护人都可以为孩子操作' })
  join(@CurrentActor() actor: Actor, @Body() dto: JoinAsGuardianDto): Promise<ChildView> {
    return this.guardians.join(actor, dto);
  }

  @Returns('ChildHandover')
  @Post(':childId/handover')
  @Roles(Role.Resident)
  @OwnAccount()
  @ApiOperation({ summary: '监护人把满14周岁孩子的账户交给孩子：生成一次性的8位交接码，24小时内有效；不满14周岁不能交接' })
  handover(@CurrentActor() actor: Actor, @Param('childId', UuidParamPipe) childId: string): Promise<ChildHandover> {
    return this.guardians.issueHandover(actor, childId);
  }
}

@ApiTags('guardians')
@Controller('me/handover')
export class AccountHandoverController {
  constructor(private readonly guardians: GuardiansService) {}

  @Returns('AccountTakenOver')
  @Post()
  @HttpCode(200)
  @Roles(Role.Resident)
  @OwnAccount()
  @ApiOperation({ summary: '满14周岁的孩子用自己的微信登录后输入交接码，账户从此归孩子自己；再用同一个微信登录即可使用' })
  takeOver(@CurrentActor() actor: Actor, @Body() dto: TakeOverAccountDto): Promise<AccountTakenOver> {
    return this.guardians.takeOver(actor, dto.code);
  }
}
