import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AccountChanges } from '../users/account-changes';
import { UsersService } from '../users/users.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';

/** How often every process fetches what changed: a revoked token is refused about this soon. */
const RELOAD_MS = 1000;
/** Room for a transaction that changed an account some time before it committed. */
const MARGIN_SECONDS = 300;

/** What an access token says about itself that revocation looks at. */
export interface RevocableClaims {
  sub: string;
  /** the account's token_version when issued; tokens from before this field read as 0 */
  ver?: number;
  /** the refresh-token family (login) it belongs to */
  fam?: string;
}

/**
 * Access tokens to refuse before they expire: those of accounts whose token_version rose since
 * (disabled, moved, role or password changed, however the row was written: see the
 * SessionRevocation migration), those of accounts that were removed (RemovedAccounts) and those of logins whose refresh-token family was revoked (logout,
 * a reused refresh token). Each process reloads the changes of the last access-token lifetime when
 * AccountChanges announces one (the process that made it before it answers, the others as the
 * message reaches them) and every second on its own timer, which catches changes nobody announced
 * (a row written by hand). A request pays two lookups in memory, no query.
 */
@Injectable()
export class SessionRevocations implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionRevocations.name);
  private accounts = new Map<string, { version: number; disabled: boolean }>();
  private families = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failing = false;
  /** the load in progress, and the one queued behind it: many announcements cost at most two loads */
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly changes: AccountChanges,
  ) {}

  /** The first list is loaded before the server takes requests; a failure here stops the start. */
  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.changes.listen(() => this.reloadSoon());
    this.schedule();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  refuses(claims: RevocableClaims): boolean {
    const account = this.accounts.get(claims.sub);
    if (account && (account.disabled || (claims.ver ?? 0) < account.version)) return true;
    return claims.fam !== undefined && this.families.has(claims.fam);
  }

  private schedule(): void {
    if (this.stopped) return;
    // the next load starts when this one has ended, so a slow database never stacks them up
    this.timer = setTimeout(() => void this.reloadSoon().finally(() => this.schedule()), RELOAD_MS);
    this.timer.unref();
  }

  /** A load that starts after the one in progress, so it sees every change committed before the call. */
  private reloadSoon(): Promise<void> {
    if (!this.queued) {
      this.queued = this.running.then(() => {
        this.queued = null;
        this.running = this.reloadLogged();
        return this.running;
      });
    }
    return this.queued;
  }

  private async reloadLogged(): Promise<void> {
    try {
      await this.reload();
      if (this.failing) this.logger.log('revoked sessions are up to date again');
      this.failing = false;
    } catch (err) {
      // the last list stays in force; the next load fetches everything the outage hid
      if (!this.failing) this.logger.warn({ err }, 'cannot load revoked sessions: keeping the last list until the database answers');
      this.failing = true;
    }
  }

  private async reload(): Promise<void> {
    const window = this.config.ACCESS_TOKEN_TTL_SECONDS + MARGIN_SECONDS;
    const accounts = await this.users.tokenVersionsChangedSince(window);
    const families = await this.refreshTokens.revokedSince(window);
    this.accounts = new Map(accounts.map((a) => [a.id, { version: a.version, disabled: a.disabled }]));
    this.families = new Set(families);
  }
}
