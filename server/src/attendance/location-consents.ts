import { LocationConsentView, PRIVACY_TEXT_VERSION } from '@lp/shared';
import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access';
import { Clock } from '../common/clock';
import { LocationConsentRepository, LocationConsentRow } from './location-consent.repository';
import { AttendanceRepository } from './attendance.repository';
import type { EntityManager } from 'typeorm';

/**
 * The resident's separate consent (个人信息保护法 第28、29条: whereabouts are sensitive) to let a
 * check-in use their phone's position for an activity's geofence. Asked once, before the first
 * check-in that needs it; the answer can be changed at any time and is stored with the privacy text version.
 */
@Injectable()
export class LocationConsents {
  constructor(
    private readonly repo: LocationConsentRepository,
    private readonly clock: Clock,
    private readonly attendance: AttendanceRepository,
  ) {}

  /** Closing an account: the places of the resident's check-ins are forgotten, in the caller's transaction. */
  forgetLocations(m: EntityManager, residentId: string): Promise<number> {
    return this.attendance.forgetLocations(m, residentId);
  }

  /** true / false once answered; null while the resident has not been asked. */
  async decisionOf(residentId: string): Promise<boolean | null> {
    return (await this.repo.find(residentId))?.given ?? null;
  }

  async get(actor: Actor): Promise<LocationConsentView> {
    return view(await this.repo.find(actor.userId));
  }

  async decide(actor: Actor, given: boolean): Promise<LocationConsentView> {
    return view(await this.repo.save(actor.userId, given, PRIVACY_TEXT_VERSION, this.clock.now()));
  }
}

function view(r: LocationConsentRow | null): LocationConsentView {
  return r ? { given: r.given, decidedAt: r.decidedAt.toISOString(), privacyTextVersion: r.privacyTextVersion } : { given: null, decidedAt: null, privacyTextVersion: null };
}
