import { ApiError, ErrorCode } from '@lp/shared';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';

const STATUS_MESSAGES: Record<number, [string, string]> = {
  400: [ErrorCode.ValidationFailed, '请求的内容有误，请检查后再试'],
  401: [ErrorCode.Unauthenticated, '请先登录'],
  403: [ErrorCode.Forbidden, '您没有权限做这件事'],
  404: [ErrorCode.NotFound, '没有找到相关内容'],
  405: [ErrorCode.NotFound, '不支持这种操作'],
  409: [ErrorCode.Conflict, '数据已被修改，请刷新后再试'],
  413: [ErrorCode.PayloadTooLarge, '提交的内容太大了'],
  415: [ErrorCode.ValidationFailed, '提交的内容格式不对'],
  429: [ErrorCode.TooManyRequests, '操作太频繁了，请稍等一会儿再试'],
  503: [ErrorCode.ServiceUnavailable, '服务暂时忙不过来，请稍后再试'],
};

/** Errors that mean the database cannot be reached right now, not that the request is wrong. */
const DB_UNAVAILABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|terminating connection/i;

/**
 * The single place where anything thrown becomes an HTTP answer: `{ code, message }`,
 * message in plain Chinese, never a stack trace. Unexpected errors are logged here, once.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const [status, body] = this.toResponse(exception, req);
    if (res.headersSent) return;
    res.status(status).json(body);
  }

  private toResponse(exception: unknown, req: Request): [number, ApiError] {
    if (exception instanceof AppError) {
      const body: ApiError = { code: exception.code, message: exception.message };
      if (exception.details?.length) body.details = exception.details;
      return [exception.status, body];
    }
    if (exception instanceof ThrottlerException) return this.byStatus(429);
    if (exception instanceof HttpException) return this.byStatus(exception.getStatus());
    // body-parser errors (bad JSON, bad encoding, too large) carry their own status
    const parserStatus = bodyParserStatus(exception);
    if (parserStatus) {
      if (parserStatus === 400) return [400, { code: ErrorCode.ValidationFailed, message: '提交的内容不是有效的 JSON' }];
      return this.byStatus(parserStatus);
    }
    if (exception instanceof QueryFailedError) {
      const pgCode = (exception.driverError as { code?: string } | undefined)?.code;
      if (pgCode === '23505') return this.byStatus(409);
      if (pgCode === '22P02' || pgCode === '22003' || pgCode === '22007' || pgCode === '22008') {
        return [400, { code: ErrorCode.ValidationFailed, message: '提交的数值不合要求' }];
      }
      // a CHECK constraint refused what the code let through: the client still gets a plain 400
      if (pgCode === '23514') {
        this.logger.warn({ path: req.path, constraint: (exception.driverError as { constraint?: string }).constraint }, 'check constraint refused a write');
        return [400, { code: ErrorCode.ValidationFailed, message: '提交的内容不符合要求' }];
      }
      // a NUL character or another one PostgreSQL cannot store in text
      if (pgCode === '22021' || pgCode === '22P05' || pgCode === '22025') {
        return [400, { code: ErrorCode.ValidationFailed, message: '提交的内容里有无法识别的字符' }];
      }
    }
    const message = exception instanceof Error ? exception.message : String(exception);
    if (DB_UNAVAILABLE.test(message)) {
      this.logger.warn({ path: req.path }, 'database unavailable');
      return this.byStatus(503);
    }
    this.logger.error({ path: req.path, method: req.method, err: exception }, 'unhandled error');
    return [500, { code: ErrorCode.Internal, message: '系统出了点问题，请稍后再试' }];
  }

  private byStatus(status: number): [number, ApiError] {
    const [code, message] = STATUS_MESSAGES[status] ?? [ErrorCode.ValidationFailed, '请求无法处理'];
    return [status >= 400 && status < 600 ? status : 400, { code, message }];
  }
}

function bodyParserStatus(e: unknown): number | null {
  if (typeof e !== 'object' || e === null) return null;
  const { type, status } = e as { type?: unknown; status?: unknown };
  if (typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500) return status;
  return null;
}
