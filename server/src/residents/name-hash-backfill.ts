import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ResidentsService } from './residents.service';

/**
 * Fills the name hashes the ResidentSearch migration could not: the key is in the configuration,
 * not the database. Runs as the server starts, before it listens, so search never misses a resident
 * bound earlier; nodes starting together share the work (SKIP LOCKED), and once done it is one
 * index lookup that finds nothing.
 */
@Injectable()
export class NameHashBackfill implements OnApplicationBootstrap {
  private readonly logger = new Logger(NameHashBackfill.name);

  constructor(private readonly residents: ResidentsService) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    const hashed = await this.residents.hashMissingNames();
    if (hashed) this.logger.log({ hashed, ms: Date.now() - started }, 'resident name hashes filled');
  }
}
