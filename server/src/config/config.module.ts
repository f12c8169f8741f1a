import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig, loadConfig } from './app-config';

/**
 * The one typed configuration, read from the environment once at boot through @nestjs/config.
 * Services inject `AppConfig` itself rather than looking values up by string.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ app: loadConfig(process.env) })] })],
  providers: [{ provide: AppConfig, inject: [ConfigService], useFactory: (cs: ConfigService) => cs.getOrThrow<AppConfig>('app') }],
  exports: [AppConfig],
})
export class AppConfigModule {}
