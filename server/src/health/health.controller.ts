import { ErrorCode, type HealthReport } from '@lp/shared';
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/access';
import { OptionalRedis, REDIS } from '../redis/redis.module';
import { Returns } from '../openapi/returns';
import { ReadReplica } from '../database/read-replica';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: OptionalRedis,
    private readonly replica: ReadReplica,
  ) {}

  /**
   * 200 when PostgreSQL (and Redis, if configured) answer; 503 naming what is down otherwise. The
   * read replica, if configured, is reported (its lag, whether reads go there) but never fails the
   * check: without it reads go to the primary.
   */
  @Returns('HealthReport')
  @Get()
  @Public()
  @HealthCheck()
  async check(): Promise<HealthReport> {
    try {
      return await this.health.check([() => this.db.pingCheck('database', { timeout: 1500 }), () => this.redisCheck(), () => this.replicaCheck()]);
    } catch (err) {
      const down = err instanceof ServiceUnavailableException ? Object.keys((err.getResponse() as { error?: object }).error ?? {}) : [];
      throw new AppError(503, ErrorCode.ServiceUnavailable, `服务暂时不可用：${down.join('、') || '未知'}`, down);
    }
  }

  /**
   * Liveness: the process answers. It touches neither the database nor Redis, so an orchestrator
   * does not restart every node while PostgreSQL is away (readiness, above, takes them out of rotation).
   */
  @Returns('HealthReport')
  @Get('live')
  @Public()
  live(): HealthReport {
    return { status: 'ok', details: { process: { status: 'up' } } };
  }

  private async replicaCheck() {
    const { configured, up, lagMs, serving } = await this.replica.status();
    return this.indicators.check('replica').up(configured ? { replica: up ? 'up' : 'down', lagMs, serving } : { replica: 'none', serving });
  }

  private async redisCheck() {
    const indicator = this.indicators.check('redis');
    if (!this.redis) return indicator.up({ mode: 'single-process' });
    try {
      await Promise.race([
        this.redis.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1500)),
      ]);
      return indicator.up();
    } catch {
      return indicator.down({ message: 'redis unreachable' });
    }
  }
}
