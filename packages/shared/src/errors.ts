import { AreaError } from './errors/area';
import { AuthError } from './errors/auth';
import { CertificationError } from './errors/certification';
import { CheckInError } from './errors/check-in';
import { ClientError } from './errors/client';
import { ErrorCode } from './errors/common';
import { CreditError } from './errors/credit';
import { CreditRuleError } from './errors/credit-rule';
import { EnrollmentError } from './errors/enrollment';
import { GuardianError } from './errors/guardian';
import { OfferingError } from './errors/offering';
import { OnlineLearningError } from './errors/online-learning';
import { PartnerError } from './errors/partner';
import { PlaceError } from './errors/place';
import { PopulationError } from './errors/population';
import { ProfileError } from './errors/profile';
import { RegisterError } from './errors/register';
import { ReminderError } from './errors/reminder';
import { SpreadsheetError } from './errors/spreadsheet';
import { StaffError } from './errors/staff';
import { TranscriptError } from './errors/transcript';

export { AreaError, AuthError, CertificationError, CheckInError, ClientError, CreditError, CreditRuleError, EnrollmentError, ErrorCode, OfferingError };
export { OnlineLearningError, PartnerError, PlaceError, PopulationError, ProfileError, ReminderError, SpreadsheetError, StaffError, TranscriptError };
export { GuardianError, RegisterError };
export { httpStatusError, type HttpStatusError } from './errors/client';

/**
 * Every enum of codes the server answers with, one per feature. A code belongs to exactly one of
 * them; an enum left out of this list cannot be thrown, as AppError takes only ServerErrorCode.
 */
export const SERVER_ERROR_ENUMS = {
  ErrorCode,
  AreaError,
  AuthError,
  ProfileError,
  CheckInError,
  EnrollmentError,
  OfferingError,
  SpreadsheetError,
  PopulationError,
  CertificationError,
  CreditError,
  CreditRuleError,
  PartnerError,
  TranscriptError,
  OnlineLearningError,
  ReminderError,
  PlaceError,
  StaffError,
  RegisterError,
  GuardianError,
} as const;

type ValueOf<T> = T[keyof T];

/** A code the server may send in an error body. */
export type ServerErrorCode = ValueOf<{ [Name in keyof typeof SERVER_ERROR_ENUMS]: ValueOf<(typeof SERVER_ERROR_ENUMS)[Name]> }>;

/**
 * Every error the API returns has this shape. `code` is stable English for programs;
 * `message` is plain Chinese for the person in front of the screen. The mini program gives its
 * own failures (no network…) the same shape, with a ClientError code.
 */
export interface ApiError {
  code: ServerErrorCode | ClientError;
  message: string;
  /** Field-level problems of a rejected request, each already in Chinese. */
  details?: string[];
}
