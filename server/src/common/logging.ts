import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpAdapterHost } from '@nestjs/core';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type RawServerDefault } from 'fastify';
import type { Params } from 'nestjs-pino';
import pino, { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { redactLogLine } from './log-redaction';

/**
 * The process's one pino logger, handed to Fastify. Requests are logged by `ApiRequestLog` with
 * method, path (no query string), status and time only: never headers, bodies, tokens, phone or
 * ID numbers, and the redaction below catches them should a log call pass one by name. Whatever
 * else carries one (a path, an error message quoting a value) is redacted in the finished line.
 */
export function createRootLogger(config: AppConfig): Logger {
  return pino({
    level: config.LOG_LEVEL,
    serializers: { err: (err: Error) => ({ type: err.name, message: err.message, stack: err.stack }) },
    redact: { paths: ['req.headers', 'res.headers', 'req.body', 'password', 'phone', 'idNumber', 'refreshToken', 'accessToken'], remove: true },
    hooks: { streamWrite: redactLogLine },
  });
}

/** The request id: the caller's X-Request-Id when it is sane, else a new one. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
}

/** The path of a request without its query string, the only part of a URL that is logged. */
export function pathOf(req: { url: string }): string {
  const query = req.url.indexOf('?');
  return query < 0 ? req.url : req.url.slice(0, query);
}

/**
 * Fastify's request logging, cut down to one line for each answered API request at a level by
 * status, carrying the request id as `reqId`; health checks and the H5 app's files are not logged.
 * Fastify's other request lines stay off: they would log the URL with its query string.
 */
export class ApiRequestLog extends LogController {
  constructor() {
    super({ disableRequestLogging: true });
  }

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const path = pathOf(req);
    if (!path.startsWith('/api/') || path === '/api/health' || path === '/api/health/live') return;
    const statusCode = reply.statusCode;
    const level = error || statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
    req.log[level]({ method: req.method, path, statusCode, responseTime: Math.round(reply.elapsedTime) }, 'request completed');
  }
}

/**
 * nestjs-pino writes through Fastify's logger (`useExisting`: no pino-http middleware on top), so
 * what is logged while handling a request carries its id. The command-line tools have no Fastify
 * and get a logger of their own.
 */
export function loggerParams(config: AppConfig, host: HttpAdapterHost): Params {
  const fastify = host.httpAdapter?.getInstance<FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>>();
  return { pinoHttp: { logger: fastify?.log ?? createRootLogger(config) }, useExisting: true };
}
