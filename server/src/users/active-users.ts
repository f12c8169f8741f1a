import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { UsersRepository } from './users.repository';

/** How long an answer is kept: a removed or disabled account's tokens stop working within this. */
const KEEP_MS = 5_000;
/** Answers kept at most; past it the expired ones go, and if none had, all of them. */
const MAX_KEPT = 100_000;

/**
 * Whether the account a token names still exists and is not disabled. A signature proves only that
 * the server issued the token; the account may have been removed since (or the database restored
 * from before it existed). Answers are kept for a few seconds in the process, and the accounts
 * asked about in the same moment are looked up in one query, so a burst of requests from many
 * residents costs one round trip, not one each.
 */
@Injectable()
export class ActiveUsers {
  private readonly kept = new Map<string, { active: boolean; until: number }>();
  private readonly loader = new DataLoader<string, boolean>((ids) => this.lookUp(ids), { cache: false, maxBatchSize: 500 });

  constructor(private readonly users: UsersRepository) {}

  async isActive(userId: string): Promise<boolean> {
    const hit = this.kept.get(userId);
    if (hit && hit.until > Date.now()) return hit.active;
    const active = await this.loader.load(userId);
    this.keep(userId, active);
    return active;
  }

  private async lookUp(ids: readonly string[]): Promise<boolean[]> {
    const active = new Set(await this.users.findActiveIds(ids));
    return ids.map((id) => active.has(id.toLowerCase()));
  }

  private keep(userId: string, active: boolean): void {
    const now = Date.now();
    if (this.kept.size >= MAX_KEPT) {
      for (const [id, entry] of this.kept) if (entry.until <= now) this.kept.delete(id);
      if (this.kept.size >= MAX_KEPT) this.kept.clear();
    }
    this.kept.set(userId, { active, until: now + KEEP_MS });
  }
}
