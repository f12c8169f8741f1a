import { Injectable, OnModuleInit } from '@nestjs/common';
import { PeriodicJobs } from '../scheduling/periodic-jobs';
import { LearningOrganisationsService } from './learning-organisations.service';

export const ORGANISATION_LAPSE_JOB_ID = 'learning-organisation-lapse';
const EVERY_MS = 3600_000;

/**
 * Ends the recognition of every 学习型组织 whose yearly review was missed by the district's date.
 * One of the portal's periodic jobs, hourly, once across all instances; a run is one statement
 * that only ends open recognitions, so running it again changes nothing.
 */
@Injectable()
export class OrganisationLapses implements OnModuleInit {
  constructor(
    private readonly organisations: LearningOrganisationsService,
    private readonly jobs: PeriodicJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ id: ORGANISATION_LAPSE_JOB_ID, everyMs: EVERY_MS, run: () => this.organisations.lapseOverdue() });
  }
}
