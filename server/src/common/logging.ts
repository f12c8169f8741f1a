import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

/**
 * Structured request logs with a request id (taken from X-Request-Id when sane, else new).
 * Only method, path (no query string) and status are logged: never headers, bodies,
 * tokens, phone or ID numbers.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: (err: Error) => ({ type: err.name, message: err.message, stack: err.stack }),
      },
      redact: { paths: ['req.headers', 'res.headers', 'req.body', 'password', 'phone', 'idNumber', 'refreshToken', 'accessToken'], remove: true },
      autoLogging: { ignore: (req: IncomingMessage) => !req.url?.startsWith('/api/') || req.url === '/api/health' },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    },
  };
}
