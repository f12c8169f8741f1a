import { CurrentUser } from '@lp/shared';
import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, OpenBeforePasswordChange } from '../common/access';
import { OwnAccount } from '../guardians/resident-action';
import { CurrentActor } from '../common/actor.decorator';
import { ElderModeDto } from './dto/elder-mode.dto';
import { UsersService } from './users.service';
import { Returns } from '../openapi/returns';

@ApiTags('me')
@Controller('me')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Returns('CurrentUser')
  /** Who is logged in: role, school or area, whether the resident profile is bound. */
  @Get()
  @Authenticated()
  @OwnAccount()
  @OpenBeforePasswordChange()
  me(@CurrentActor() actor: Actor): Promise<CurrentUser> {
    return this.users.currentUser(actor.userId);
  }

  @Returns('CurrentUser')
  @Put('elder-mode')
  @Authenticated()
  @OwnAccount()
  @HttpCode(200)
  @ApiOperation({ summary: '打开或关闭长辈模式（跟着账号走，换手机也一样）' })
  setElderMode(@CurrentActor() actor: Actor, @Body() dto: ElderModeDto): Promise<CurrentUser> {
    return this.users.setElderMode(actor.userId, dto.on);
  }
}
