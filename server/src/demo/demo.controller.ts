import { AuthError, DemoAccount, Role, TokenPair } from '@lp/shared';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { TokenService } from '../auth/token.service';
import { Public } from '../common/access';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { UsersService } from '../users/users.service';
import { NEW_RESIDENT, PERSONAS } from './personas';
import { Returns } from '../openapi/returns';

export class DemoLoginDto {
  @IsString({ message: '请选择体验账号' })
  @Matches(/^(new-resident|[0-9a-f-]{36})$/, { message: '请选择体验账号' })
  userId: string;
}

/** The demo login: exists only while DEMO_MODE is on, which production refuses at boot. */
@ApiTags('demo')
@Controller('auth/demo')
export class DemoController {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  @Returns('DemoAccountList')
  @Get('accounts')
  @Public()
  @ApiOperation({ summary: '体验账号列表（仅演示环境）' })
  accounts(): DemoAccount[] {
    this.assertDemo();
    return [
      { userId: NEW_RESIDENT, role: Role.Resident, label: '新居民', description: '第一次使用，需要填写个人信息' },
      ...PERSONAS.map(({ userId, role, label, description }) => ({ userId, role, label, description })),
    ];
  }

  @Returns('TokenPair')
  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: '以体验账号登录（仅演示环境）' })
  async login(@Body() dto: DemoLoginDto): Promise<TokenPair> {
    this.assertDemo();
    if (dto.userId === NEW_RESIDENT) {
      const user = await this.users.create({ role: Role.Resident, displayName: '新居民', isDemo: true });
      return this.tokens.issue(user);
    }
    const persona = PERSONAS.find((p) => p.userId === dto.userId);
    const user = persona ? await this.users.findById(persona.userId) : null;
    if (!user) throw AppError.notFound('没有这个体验账号，请重新选择');
    return this.tokens.issue(user);
  }

  private assertDemo(): void {
    if (!this.config.DEMO_MODE) throw AppError.notFound('体验功能未开启', AuthError.DemoDisabled);
  }
}
