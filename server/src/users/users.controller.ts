import { CurrentUser } from '@lp/shared';
import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Authenticated, OpenBeforePasswordChange } from '../common/access';
import { CurrentActor } from '../common/actor.decorator';
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
  @OpenBeforePasswordChange()
  me(@CurrentActor() actor: Actor): Promise<CurrentUser> {
    return this.users.currentUser(actor.userId);
  }
}
