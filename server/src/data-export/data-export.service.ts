import { MyDataCopy, PRIVACY_TEXT_VERSION } from '@lp/shared';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AccessLogService } from '../access-log/access-log.service';
import { CheckInPlaces, KeptPlace } from '../attendance/check-in-places';
import { LocationConsents } from '../attendance/location-consents';
import { CertificationsService } from '../certifications/certifications.service';
import { Actor } from '../common/access';
import { AppError } from '../common/app-error';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { PartnersService } from '../partners/partners.service';
import { OptionalRedis, REDIS } from '../redis/redis.module';
import { sharedLimiter, takeOrRefuse } from '../redis/shared-limiter';
import { GuardiansService } from '../guardians/guardians.service';
import { ResidentsService } from '../residents/residents.service';
import { SelectionsService } from '../selections/selections.service';
import { TranscriptsService } from '../transcripts/transcripts.service';
import { UsersService } from '../users/users.service';
import { DataExportRepository } from './data-export.repository';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** Where the phone was at a check-in, as the resident reads it: the sealed place opened, or one kept in clear from before. */
function positionOf(p: KeptPlace): { latitude: number; longitude: number; accuracyMeters: number | null } | null {
  return p.latitude !== null && p.longitude !== null ? { latitude: p.latitude, longitude: p.longitude, accuracyMeters: p.accuracy } : null;
}

/**
 * A resident's copy of everything the portal holds about them (个人信息保护法 第45条): their profile
 * with their own numbers readable, and every kind of record, each read once (a copy costs a fixed
 * number of queries however long the history). DATA_EXPORT_PER_HOUR copies an hour per resident.
 */
@Injectable()
export class DataExportService {
  private readonly copies: RateLimiterAbstract;

  constructor(
    private readonly repo: DataExportRepository,
    private readonly users: UsersService,
    private readonly residents: ResidentsService,
    private readonly partners: PartnersService,
    private readonly certifications: CertificationsService,
    private readonly transcripts: TranscriptsService,
    private readonly selections: SelectionsService,
    private readonly accessLog: AccessLogService,
    private readonly locationConsents: LocationConsents,
    private readonly places: CheckInPlaces,
    private readonly guardians: GuardiansService,
    private readonly clock: Clock,
    config: AppConfig,
    @Optional() @Inject(REDIS) redis: OptionalRedis | undefined,
  ) {
    this.copies = sharedLimiter(redis ?? null, 'data-export', config.DATA_EXPORT_PER_HOUR, 3600);
  }

  async copy(actor: Actor): Promise<MyDataCopy> {
    await this.take(actor.userId);
    const id = actor.userId;
    const user = await this.users.findById(id);
    if (!user) throw AppError.notFound('没有找到您的账号');
    const [profile, enrollments, attendance, records, entries, consents, locationConsent, certifications, transcripts, nominations, accessLog, guardianship] = await Promise.all([
      this.residents.ownCopy(actor),
      this.repo.enrollments(id),
      this.repo.attendance(id),
      this.repo.learningRecords(id),
      this.repo.ledgerEntries(id),
      this.partners.consents(actor),
      this.locationConsents.get(actor),
      this.certifications.mine(actor),
      this.transcripts.list(actor, undefined, 100),
      this.selections.mine(actor),
      this.accessLog.ofResident(id),
      this.guardians.guardianshipCopy(id),
    ]);
    const sealedPlaces = await this.places.openAll(attendance.map((a) => ({ residentId: id, sealed: a.placeSealed })));
    return {
      exportedAt: this.clock.now().toISOString(),
      privacyTextVersion: PRIVACY_TEXT_VERSION,
      account: { userId: id, displayName: user.displayName, createdAt: user.createdAt.toISOString(), elderMode: user.elderMode },
      profile,
      enrollments: enrollments.map((e) => ({ offeringId: e.offeringId, title: e.title, status: e.status, enrolledAt: iso(e.createdAt)! })),
      attendance: attendance.map((a, i) => ({
        sessionId: a.sessionId,
        title: a.title,
        place: a.venueName ? `${a.venueName}（${a.venueAddress ?? ''}）` : null,
        startsAt: iso(a.startsAt)!,
        checkedInAt: iso(a.checkedInAt)!,
        checkedOutAt: iso(a.checkedOutAt),
        method: a.method,
        minutes: a.creditedMinutes,
        position: positionOf(sealedPlaces[i] ?? a),
      })),
      learningRecords: records.map((r) => ({
        id: r.id, source: r.source, category: r.category, title: r.title, minutes: r.minutes, occurredAt: iso(r.occurredAt)!, creditsMilli: Number(r.creditsMilli),
      })),
      ledgerEntries: entries.map((e) => ({
        transferId: e.transferId, kind: e.kind, category: e.category, amountMilli: Number(e.amountMilli), balanceAfterMilli: Number(e.balanceAfter), at: iso(e.createdAt)!, memo: e.memo,
      })),
      consents: consents.map((c) => ({ partner: c.partner.name, scopes: c.scopes, createdAt: c.createdAt, expiresAt: c.expiresAt, revokedAt: c.revokedAt, privacyTextVersion: c.privacyTextVersion })),
      locationConsent,
      certifications: certifications.map((c) => ({
        id: c.id, achievement: c.achievement.name, certificateNo: c.certificateNo, issuer: c.issuer, issuedOn: c.issuedOn, status: c.status, creditsMilli: c.creditsMilli, submittedAt: c.submittedAt,
      })),
      transcripts: transcripts.items.map((t) => ({ id: t.id, issuedAt: t.issuedAt, revoked: t.revokedAt !== null })),
      nominations: nominations.map((n) => ({
        id: n.id, selection: n.selectionTitle, nominee: n.nomineeName, nominatedBy: n.nominatorKind, consent: n.consent, status: n.status, createdAt: n.createdAt,
      })),
      accessLog,
      guardianship,
    };
  }

  private take(userId: string): Promise<void> {
    return takeOrRefuse(this.copies, userId, '下载个人数据的次数太多');
  }
}
