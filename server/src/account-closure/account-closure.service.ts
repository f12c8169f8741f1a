import { AccountClosed, ADMIN_ROLES, ProfileError, Role } from '@lp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AreasService } from '../areas/areas.service';
import { LocationConsents } from '../attendance/location-consents';
import { AuditService, auditedBy } from '../audit/audit.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { personalDataShown } from '../common/personal-data';
import { PartnersService } from '../partners/partners.service';
import { ResidentCrypto } from '../resident-keys/resident-crypto';
import { ResidentsService } from '../residents/residents.service';
import { TranscriptsService } from '../transcripts/transcripts.service';
import { UploadsService } from '../uploads/uploads.service';
import { AccountChanges } from '../users/account-changes';
import { UsersService } from '../users/users.service';

/**
 * Closing a resident's account (《个人信息保护法》 第47条): their personal data becomes unreadable for
 * good, while what the district must keep stays as it was, pseudonymous.
 *
 * In one transaction of the main database: the account loses its WeChat identity and its name and
 * is logged out everywhere; the profile loses phone, ID number and look-up hashes (its name stays
 * sealed); every transcript is revoked through the transcripts' own path and loses the name; every
 * partner consent ends; evidence files are emptied; check-ins forget where they were made. Learning
 * records, attendance, ledger entries, statistics and community stay untouched, so the ledger still
 * balances and the figures do not move. Last, before the commit, the resident's data key is
 * destroyed in the key store and dropped by every process: what it sealed, here and in every dump
 * of this database, cannot be read any more.
 */
@Injectable()
export class AccountClosureService {
  private readonly logger = new Logger(AccountClosureService.name);

  constructor(
    private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly residents: ResidentsService,
    private readonly transcripts: TranscriptsService,
    private readonly partners: PartnersService,
    private readonly uploads: UploadsService,
    private readonly locations: LocationConsents,
    private readonly residentCrypto: ResidentCrypto,
    private readonly areas: AreasService,
    private readonly audit: AuditService,
    private readonly accountChanges: AccountChanges,
  ) {}

  /** The resident closes their own account. */
  closeOwn(actor: Actor, confirm: boolean): Promise<AccountClosed> {
    if (actor.role !== Role.Resident) throw AppError.forbidden('只有居民可以注销自己的账户');
    return this.close(actor, actor.userId, confirm, null);
  }

  /** An administrator of the resident's area closes the account at the resident's request (access-logged, audited). */
  async closeResident(actor: Actor, residentId: string, confirm: boolean, reason: string): Promise<AccountClosed> {
    if (!ADMIN_ROLES.includes(actor.role)) throw AppError.forbidden();
    const user = await this.users.findById(residentId);
    if (!user || user.role !== Role.Resident) throw AppError.notFound('没有找到这位居民');
    const home = await this.residents.communityOf(residentId);
    if (home === null) throw AppError.notFound('没有找到这位居民');
    await this.areas.assertAdminOf(actor, home);
    personalDataShown(residentId);
    return this.close(actor, residentId, confirm, reason);
  }

  private async close(actor: Actor, residentId: string, confirm: boolean, reason: string | null): Promise<AccountClosed> {
    if (confirm !== true) throw AppError.badRequest('请先确认您已了解注销的后果', undefined, ProfileError.ClosureNotConfirmed);
    const profile = await this.residents.prepareClosure(residentId);
    const result = await this.db.transaction(async (m) => {
      const closedAt = await this.users.closeResident(m, residentId);
      if (!closedAt) throw AppError.conflict('这个账户已经注销了', ProfileError.AccountClosed);
      await profile.close(m);
      const transcriptsRevoked = await this.transcripts.closeHolder(m, actor, residentId, profile.name);
      const consentsEnded = await this.partners.revokeAllConsents(m, residentId);
      const filesErased = await this.uploads.eraseOwnedBy(m, residentId);
      const placesForgotten = await this.locations.forgetLocations(m, residentId);
      await this.audit.record(m, {
        ...auditedBy(actor),
        action: 'account.close',
        targetType: 'resident',
        targetId: residentId,
        areaId: profile.communityId,
        details: { bySelf: actor.userId === residentId && !actor.guardianId, byGuardian: Boolean(actor.guardianId), reason, transcriptsRevoked, consentsEnded, filesErased, placesForgotten },
      });
      // last, so that a failure above leaves the key (and the account) as they were
      await this.residentCrypto.destroy(residentId);
      return { userId: residentId, closedAt: closedAt.toISOString(), transcriptsRevoked };
    });
    // logged out everywhere now, not only at the next reload of session changes
    await this.accountChanges.announce();
    this.logger.log({ residentId, bySelf: actor.userId === residentId }, 'account closed');
    return result;
  }
}
