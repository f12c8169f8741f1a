import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

/**
 * For Server-Sent Events only: a browser's EventSource cannot send headers, so these endpoints
 * also accept the access token as `?access_token=`. Request logs never include query strings.
 * The document declares the parameter, so the mini program builds the stream's address from it.
 */
export const QUERY_TOKEN_KEY = 'lp:query-token';
export const AllowQueryToken = () =>
  applyDecorators(
    SetMetadata(QUERY_TOKEN_KEY, true),
    ApiQuery({ name: 'access_token', required: false, type: String, description: '登录凭证（EventSource 不能带 Authorization 头时用）' }),
  );
