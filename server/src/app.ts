import { CHECKIN_LINK_PATH } from '@lp/shared';
import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import zlib from 'node:zlib';
import { parse as parseQueryString } from 'node:querystring';
import { AppModule } from './app.module';
import { API_PREFIX, API_PREFIX_OPTIONS } from './app-prefix';
import { buildDocument } from './openapi/document';
import { AppError } from './common/app-error';
import { bodyLimitsOf, overBudget, textOverBudget } from './common/body-budget';
import { answerClientError, frameworkErrorResponse } from './common/error.filter';
import { ApiRequestLog, createRootLogger, requestId } from './common/logging';
import { createValidationPipe } from './common/validation';
import { AppConfig, loadConfig } from './config/app-config';

/** The H5 build of the mini program, served from the same origin as the API. */
export function h5Directory(config: AppConfig): string {
  return resolve(config.H5_DIR ?? join(__dirname, '..', '..', 'miniapp', 'dist', 'h5'));
}

/** What is worth compressing on the fly: JSON, HTML, scripts and SVG; never an event stream. */
const COMPRESSIBLE = /^(application\/(json|javascript|xml)|text\/(html|css|javascript|plain|csv)|image\/svg\+xml)(;|$)/;

/** A file of the H5 build whose name carries its content hash (js/app.1a2b3c4d.js, its .br copy, static/images/x.1a2b3c4d.png). */
const HASHED_FILE = /\.[0-9a-f]{8,}\.[a-z0-9]+(\.br|\.gz)?$/;

/**
 * Hashed files never change under their name, so phones keep them for a year; every other file
 * (index.html above all, which names the hashed ones) is checked again on each visit.
 */
function cacheHeaders(res: { setHeader(name: string, value: string): void }, path: string): void {
  res.setHeader('cache-control', HASHED_FILE.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
  // the same address answers brotli, gzip or plain: a cache on the way must keep them apart
  res.setHeader('vary', 'accept-encoding');
}

/** Files the portal serves itself under /media/ (the demo's lesson videos). */
export function mediaDirectory(): string {
  return join(__dirname, '..', 'assets', 'media');
}

/**
 * WeChat's wx.request has no PATCH: the mini program sends a PATCH as a POST with
 * `X-HTTP-Method-Override: PATCH`, which becomes the PATCH it stands for before routing. No other
 * method may be named this way, so a form cannot be turned into a DELETE.
 */
function patchTunnel(handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
  return createServer((req, res) => {
    if (req.method === 'POST' && req.headers['x-http-method-override']?.toString().toUpperCase() === 'PATCH') req.method = 'PATCH';
    handler(req, res);
  });
}

/**
 * Listens on every interface, IPv6 and IPv4, as Node does when given no host (Fastify alone would
 * take localhost only, out of reach from outside a container); on a kernel without IPv6, IPv4 only.
 */
export async function listenEverywhere(app: NestFastifyApplication, port: number): Promise<void> {
  try {
    await app.listen(port, '::');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw err;
    await app.listen(port, '0.0.0.0');
  }
}

/** Builds the whole application: API under /api, OpenAPI at /api/docs, the H5 app at /. */
export async function createApp(options: { shutdownHooks?: boolean } = {}): Promise<NestFastifyApplication> {
  const config = loadConfig(process.env); // a bad value stops here, with a message naming it
  const adapter = new FastifyAdapter({
    serverFactory: patchTunnel,
    loggerInstance: createRootLogger(config),
    logController: new ApiRequestLog(),
    genReqId: requestId,
    // the proxy must sit on this host or a private network; its X-Forwarded-For is read from the right
    trustProxy: config.TRUST_PROXY ? ['loopback', 'linklocal', 'uniquelocal'] : false,
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      const [status, body] = frameworkErrorResponse(err);
      reply.status(status).send(body);
    },
    clientErrorHandler: answerClientError,
  });
  // bodyParser off: the parsers are the ones below, each with its limit
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bufferLogs: true, abortOnError: false, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.flushLogs(); // what was said while building, through pino; a primary that never listens would keep it forever
  // off where the caller closes the app itself on a signal (closing twice ends the pool twice)
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  app.setGlobalPrefix(API_PREFIX, API_PREFIX_OPTIONS);

  const fastify = app.getHttpAdapter().getInstance();
  // helmet's headers are set by its own middleware, run once per request from one hook
  const secure = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        mediaSrc: ["'self'", 'blob:', ...config.mediaOrigins()],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    secure(req.raw, reply.raw, (err) => done(err instanceof Error ? err : undefined));
  });

  // Bodies the API reads: JSON, forms, and files (certificate evidence, PDFs to verify) as their own
  // bytes, each under its limit. Any other type, text/plain included, is refused with 415.
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error'); // a __proto__ or constructor.prototype key is refused
  fastify.addContentTypeParser<string>('application/json', { parseAs: 'string', bodyLimit: 256 * 1024 }, (req, body, done) => {
    // an empty body reads as {}, as it did under Express
    if (body.length === 0) return done(null, {});
    // more keys than the endpoint takes is refused before the text is even parsed
    const refusal = textOverBudget(body, bodyLimitsOf(req));
    if (refusal) return done(refusal);
    // an object or an array only, as under Express: a bare string, number or null is no request body
    parseJson(req, body, (err, value) =>
      err || typeof value !== 'object' || value === null ? done(AppError.badRequest('提交的内容不是有效的 JSON')) : done(null, value),
    );
  });
  fastify.addContentTypeParser<string>('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (req, body, done) => {
    const value = parseQueryString(body, '&', '=', { maxKeys: 0 }); // all keys, so a long form is refused, not cut
    done(overBudget(value, bodyLimitsOf(req)), value);
  });
  fastify.addContentTypeParser<Buffer>(['image/jpeg', 'image/png', 'application/pdf'], { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );
  // Answers of the API and the verify page, compressed when the client takes it. Files of the H5
  // build come compressed from the build itself (below); server-sent events are never held back.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: COMPRESSIBLE,
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    globalDecompression: false,
  });
  // multipart/form-data is read only by the endpoint that takes it (SingleFileInterceptor), after its guards
  await app.register(multipart);

  const origins = config.corsOrigins();
  app.enableCors({ origin: origins.length ? origins : false, credentials: false, maxAge: 600 });
  app.useGlobalPipes(createValidationPipe());

  SwaggerModule.setup('api/docs', app, buildDocument(app), { jsonDocumentUrl: 'api/docs/openapi.json' });

  if (existsSync(mediaDirectory())) {
    // videos, sent in the byte ranges players ask for; their names do not change with their content
    await app.register(fastifyStatic, {
      root: mediaDirectory(),
      prefix: '/media/',
      decorateReply: false,
      index: false,
      dotfiles: 'ignore',
      cacheControl: false,
      setHeaders: (res) => res.setHeader('cache-control', 'public, max-age=86400'),
    });
  }

  const verifyFile = config.WECHAT_QR_VERIFY_FILE;
  if (verifyFile && config.WECHAT_QR_VERIFY_CONTENT) {
    // WeChat's check of the domain behind the check-in QR (扫普通链接二维码打开小程序), public as the
    // file is: WeChat looks in the rule's last folder (/c/), the top folder when it has none
    const content = config.WECHAT_QR_VERIFY_CONTENT;
    for (const path of [`/${verifyFile}`, `${CHECKIN_LINK_PATH}${verifyFile}`]) {
      fastify.get(path, (_req, reply) => reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(content));
    }
  }

  const h5 = h5Directory(config);
  if (existsSync(join(h5, 'index.html'))) {
    // a path that is no file falls through to the API's 404 { code, message }, as before: no SPA fallback
    app.useStaticAssets({ root: h5, index: false, dotfiles: 'ignore', preCompressed: true, cacheControl: false, setHeaders: cacheHeaders });
    // @fastify/static answers 404 for a directory index when preCompressed is on: / is sent by hand
    fastify.get('/', (_req, reply) => reply.sendFile('index.html'));
  } else {
    new NestLogger('App').warn(`no H5 build at ${h5}: run "npm run build" to serve the app at /`);
  }
  return app;
}
