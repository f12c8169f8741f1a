import { Logger as NestLogger, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation';
import { AppConfig, loadConfig } from './config/app-config';

/** The H5 build of the mini program, served from the same origin as the API. */
export function h5Directory(config: AppConfig): string {
  return resolve(config.H5_DIR ?? join(__dirname, '..', '..', 'miniapp', 'dist', 'h5'));
}

/** Builds the whole application: API under /api, OpenAPI at /api/docs, the H5 app at /. */
export async function createApp(): Promise<NestExpressApplication> {
  loadConfig(process.env); // a bad value stops here, with a message naming it
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, abortOnError: false });
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // the page behind the QR code on a transcript lives at /verify/<id>, outside the API
  app.setGlobalPrefix('api', { exclude: [{ path: 'verify/:id', method: RequestMethod.GET }] });
  app.disable('x-powered-by');
  // API answers are per user and never cached by ETag; hashing every body only costs CPU
  app.set('etag', false);
  if (config.TRUST_PROXY) app.set('trust proxy', 1);
  app.useBodyParser('json', { limit: '256kb' });
  app.useBodyParser('urlencoded', { limit: '64kb', extended: false });
  // files (certificate evidence, PDFs to verify) arrive as their own bytes; nothing else is read raw
  app.useBodyParser('raw', { type: ['image/jpeg', 'image/png', 'application/pdf'], limit: '5mb' });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  const origins = config.corsOrigins();
  app.enableCors({ origin: origins.length ? origins : false, credentials: false, maxAge: 600 });
  app.useGlobalPipes(createValidationPipe());

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('终身学习门户 API')
      .setDescription('居民、教师、管理员与合作机构使用的接口。错误统一为 { code, message }。')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs/openapi.json' });

  const h5 = h5Directory(config);
  if (existsSync(join(h5, 'index.html'))) {
    app.useStaticAssets(h5, { index: 'index.html', dotfiles: 'ignore', maxAge: '1h' });
  } else {
    new NestLogger('App').warn(`no H5 build at ${h5}: run "npm run build" to serve the app at /`);
  }
  return app;
}
