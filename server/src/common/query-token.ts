import { SetMetadata } from '@nestjs/common';

/**
 * For Server-Sent Events only: a browser's EventSource cannot send headers, so these endpoints
 * also accept the access token as `?access_token=`. Request logs never include query strings.
 */
export const QUERY_TOKEN_KEY = 'lp:query-token';
export const AllowQueryToken = () => SetMetadata(QUERY_TOKEN_KEY, true);
