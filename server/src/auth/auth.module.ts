import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { WechatModule } from '../wechat/wechat.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginAttempts } from './login-attempts';
import { PasswordHasher } from './password-hasher';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionRevocations } from './session-revocations';
import { TokenService } from './token.service';

@Module({
  imports: [TypeOrmModule.forFeature([RefreshToken]), UsersModule, WechatModule],
  controllers: [AuthController],
  providers: [AuthService, TokenService, PasswordHasher, RefreshTokensRepository, SessionRevocations, LoginAttempts],
  exports: [TokenService, PasswordHasher, SessionRevocations],
})
export class AuthModule {}
