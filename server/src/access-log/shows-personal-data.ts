import { PersonalDataKind } from '@lp/shared';
import { SetMetadata, UseInterceptors, applyDecorators } from '@nestjs/common';
import { SHOWS_PERSONAL_DATA_KEY } from '../common/personal-data';
import { AccessLogInterceptor } from './access-log.interceptor';

/**
 * Marks an endpoint that shows a member of staff one resident's personal data. The access-log
 * interceptor then writes one row per resident the handler reported with `personalDataShown`,
 * before the answer leaves: a request whose row cannot be written fails. The interceptor sits on
 * the marked endpoints only (not globally): an interceptor around a server-sent-events endpoint
 * would turn its refusals into a 200 stream.
 */
export const ShowsPersonalData = (kind: PersonalDataKind) => applyDecorators(SetMetadata(SHOWS_PERSONAL_DATA_KEY, kind), UseInterceptors(AccessLogInterceptor));
