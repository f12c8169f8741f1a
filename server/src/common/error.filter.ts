import { ApiError, ErrorCode } from '@lp/shared';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';
import { pathOf } from './logging';
import { shanghaiYear } from './time';

const STATUS_MESSAGES: Record<number, [ErrorCode, string]> = {
  400: [ErrorCode.ValidationFailed, '请求的内容有误，请检查后再试'],
  401: [ErrorCode.Unauthenticated, '请先登录'],
  403: [ErrorCode.Forbidden, '您没有权限做这件事'],
  404: [ErrorCode.NotFound, '没有找到相关内容'],
  405: [ErrorCode.NotFound, '不支持这种操作'],
  409: [ErrorCode.Conflict, '数据已被修改，请刷新后再试'],
  408: [ErrorCode.ValidationFailed, '请求发送得太慢，请再试一次'],
  413: [ErrorCode.PayloadTooLarge, '提交的内容太大了'],
  415: [ErrorCode.ValidationFailed, '提交的内容格式不对'],
  429: [ErrorCode.TooManyRequests, '操作太频繁了，请稍等一会儿再试'],
  431: [ErrorCode.PayloadTooLarge, '网址或请求头太长了'],
  503: [ErrorCode.ServiceUnavailable, '服务暂时忙不过来，请稍后再试'],
};

/** Errors that mean the database cannot be reached right now, not that the request is wrong. */
const DB_UNAVAILABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|terminating connection/i;

export function isDatabaseUnavailable(exception: unknown): boolean {
  return DB_UNAVAILABLE.test(exception instanceof Error ? exception.message : String(exception));
}

/**
 * The single place where anything thrown becomes an HTTP answer: `{ code, message }`,
 * message in plain Chinese, never a stack trace. Unexpected errors are logged here, once.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const [status, body] = this.toResponse(exception, req);
    // a stream (events, a file) may have sent its headers already: then there is nothing left to answer
    if (reply.sent || reply.raw.headersSent) return;
    if (exception instanceof AppError && exception.retryAfterSeconds !== undefined) reply.header('retry-after', String(exception.retryAfterSeconds));
    this.answer(reply, status, body, req);
  }

  /** Sends the refusal: JSON here; a page of its own may answer a browser in HTML instead (the /verify upload page). */
  protected answer(reply: FastifyReply, status: number, body: ApiError, _req: FastifyRequest): void {
    // set here, as the endpoint may have declared another type for its success (the verify page: HTML)
    reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toResponse(exception: unknown, req: FastifyRequest): [number, ApiError] {
    if (exception instanceof AppError) {
      const body: ApiError = { code: exception.code, message: exception.message };
      if (exception.details?.length) body.details = exception.details;
      return [exception.status, body];
    }
    if (exception instanceof ThrottlerException) return byStatus(429);
    // Nest hands on Fastify's refusals before a route (body too large, type not taken) as HttpException
    if (exception instanceof HttpException) return byStatus(exception.getStatus());
    const fastifyStatus = clientErrorStatus(exception);
    if (fastifyStatus) return byStatus(fastifyStatus);
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception.driverError as { code?: string } | undefined)?.code;
      if (pgCode === '23505') return byStatus(409);
      // A row refers to one that is gone. The access guard refuses tokens of removed users, so this is
      // the window between a removal and the guard's next look; another row may have been removed too.
      if (pgCode === '23503') {
        this.logger.warn({ path: pathOf(req), constraint: (exception.driverError as { constraint?: string }).constraint }, 'foreign key refused a write');
        return refersToUser(exception)
          ? [401, { code: ErrorCode.Unauthenticated, message: '账号不存在或已停用，请重新登录' }]
          : [409, { code: ErrorCode.Conflict, message: '相关的内容已不存在，请刷新后再试' }];
      }
      // a value PostgreSQL cannot read as its type: a number, a date or time (also one JavaScript read,
      // such as year 275760 or a zone of +99 hours in a page cursor), a time zone, an interval
      if (['22P02', '22003', '22007', '22008', '22009', '22015'].includes(pgCode ?? '')) {
        return [400, { code: ErrorCode.ValidationFailed, message: '提交的数值不合要求' }];
      }
      // a CHECK constraint refused what the code let through: the client still gets a plain 400
      if (pgCode === '23514') {
        // a row dated in a year without a partition (there is no DEFAULT one): a date too far ahead is bad input; but
        // this year's and next year's partitions are the year-partitions job's to make, and a row of those years
        // (an audit or access-log row, dated now) refused means the job has stopped: the portal's fault, not the user's
        const noPartition = /^no partition of relation/.test(exception.message);
        const year = noPartition ? partitionKeyYear((exception.driverError as { detail?: string }).detail) : null;
        if (year !== null && year <= shanghaiYear(new Date()) + 1) {
          this.logger.error({ path: pathOf(req), year, err: exception.message }, 'no yearly partition for this year or next: the year-partitions job has not run');
          return [503, { code: ErrorCode.ServiceUnavailable, message: '系统暂时无法保存，工作人员正在处理，请稍后再试' }];
        }
        this.logger.warn(
          { path: pathOf(req), constraint: (exception.driverError as { constraint?: string }).constraint },
          noPartition ? 'no yearly partition for the row: a date too far ahead, or the year-partitions job has not run' : 'check constraint refused a write',
        );
        return [400, { code: ErrorCode.ValidationFailed, message: '提交的内容不符合要求' }];
      }
      // a NUL character or another one PostgreSQL cannot store in text
      if (pgCode === '22021' || pgCode === '22P05' || pgCode === '22025') {
        return [400, { code: ErrorCode.ValidationFailed, message: '提交的内容里有无法识别的字符' }];
      }
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ path: pathOf(req) }, 'database unavailable');
      return byStatus(503);
    }
    this.logger.error({ path: pathOf(req), method: req.method, err: exception }, 'unhandled error');
    return [500, { code: ErrorCode.Internal, message: '系统出了点问题，请稍后再试' }];
  }
}

/**
 * The Shanghai year of the row PostgreSQL found no partition for, from its detail "Partition key of the
 * failing row contains (created_at) = (2027-01-01 08:00:00+08)." (a timestamptz in the session's time
 * zone) or "… (session_year) = (2027)."; null when the detail says neither.
 */
export function partitionKeyYear(detail: string | undefined): number | null {
  const value = /contains \([^)]*\) = \((.*)\)\.?$/.exec(detail ?? '')?.[1];
  if (!value) return null;
  if (/^\d{1,5}$/.test(value)) return Number(value);
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d+)?)([+-]\d\d)(?::?(\d\d))?(?::\d\d)?$/.exec(value);
  if (!m) return null;
  const at = new Date(`${m[1]}T${m[2]}${m[3]}:${m[4] ?? '00'}`);
  return Number.isNaN(at.getTime()) ? null : shanghaiYear(at);
}

function byStatus(status: number): [number, ApiError] {
  const [code, message] = STATUS_MESSAGES[status] ?? [ErrorCode.ValidationFailed, '请求无法处理'];
  return [status >= 400 && status < 600 ? status : 400, { code, message }];
}

/**
 * The status of an error a library raised because of the request, not because of a fault: one of
 * Fastify's own (FST_*, e.g. an upload over its limit), or an `http-errors` error the library marks
 * as fit to show (`expose`), as the static files answer a path that climbs out of their folder or
 * holds a NUL byte.
 */
function clientErrorStatus(e: unknown): number | null {
  if (!(e instanceof Error)) return null;
  const { statusCode, expose } = e as FastifyError & { expose?: unknown };
  if (e.name !== 'FastifyError' && expose !== true) return null;
  return statusCode !== undefined && statusCode >= 400 && statusCode < 500 ? statusCode : null;
}

/** A foreign key violated by a reference to a user account (`app_user`) that does not exist. */
function refersToUser(e: QueryFailedError): boolean {
  const { detail } = e.driverError as { detail?: string };
  return /is not present in table "app_user"/.test(detail ?? '');
}

/** For Fastify's `frameworkErrors`: a URL it cannot route (one that does not decode), refused like any other request. */
export function frameworkErrorResponse(e: FastifyError): [number, ApiError] {
  return byStatus(clientErrorStatus(e) ?? 400);
}

/**
 * For Fastify's `clientErrorHandler`: a request Node's HTTP parser refuses before Fastify sees it (a
 * path or headers over the size limit, a malformed request line, a client too slow to send) gets
 * the same `{ code, message }` as every other refusal, then the connection is closed.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const [, body] = byStatus(status);
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy();
}
