import { DynamicModule, ForwardReference, INestApplicationContext, LogLevel, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../common/clock';
import { dataSourceOptions } from '../database/data-source';
import { databasePooler, databaseUrl } from './command';
import { ReadReplicaModule } from '../database/read-replica';

/** A command does one thing at a time: a small pool. */
const COMMAND_POOL_SIZE = 2;

type ModuleImport = Type<unknown> | DynamicModule | ForwardReference;

@Module({})
class CommandModule {}

/**
 * The Nest application context of a command: TypeORM on DATABASE_URL, the clock and the audit log
 * (global in the portal, so features inject them without importing them), and the feature modules
 * the command names. Nothing else of the portal is there: no HTTP server, Redis, queues or
 * periodic jobs, so a command starts none of them and needs none of their settings.
 */
export function commandContext(features: ModuleImport[], logger: LogLevel[] = ['error', 'warn'], poolSize = COMMAND_POOL_SIZE): Promise<INestApplicationContext> {
  const root: DynamicModule = {
    module: CommandModule,
    imports: [
      // a database that does not answer fails the command at once: the person running it is waiting
      TypeOrmModule.forRootAsync({ useFactory: () => ({ ...dataSourceOptions(databaseUrl(), poolSize, databasePooler()), retryAttempts: 0 }) }),
      ClockModule,
      AuditModule,
      // reads that a portal may send to a replica: a command reads the primary
      ReadReplicaModule,
      ...features,
    ],
  };
  return NestFactory.createApplicationContext(root, { logger, abortOnError: false });
}
