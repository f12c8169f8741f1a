import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { PARTNER_KEY_SCHEME, RESIDENT_CONSENT_SCHEME } from '../common/access';
import { join } from 'node:path';

/** Written by `npm run api:types` from `ApiResponses` (packages/shared); read here at start. */
export const RESPONSE_SCHEMAS_FILE = join(__dirname, '..', '..', 'openapi', 'response-schemas.json');

type Schemas = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * The API's OpenAPI 3.1 document: routes, parameters and request bodies from the controllers and
 * their DTOs (the swagger plugin reads them at build time), answers from `@Returns…` with the
 * schemas generated from the shared types. Throws when an operation does not say what it answers.
 */
export function buildDocument(app: INestApplication, schemas: Schemas = readResponseSchemas()): OpenAPIObject {
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('终身学习门户 API')
      .setDescription(
        '居民、教师、管理员与合作机构使用的接口。错误统一为 { code, message, details? }。' +
          '单位：学分是千分之一学分的整数（字段名以 Milli 结尾，1000 = 1 学分），学时是分钟的整数，时间是 ISO 8601。' +
          '合作机构请先读接入指南 /partner-guide：怎样拿到密钥、请居民授权。',
      )
      .setVersion('1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: '合作机构的 API 密钥（lpk_…），由区级管理员发放，只显示一次' }, PARTNER_KEY_SCHEME)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Consent-Token', description: '居民给本机构的授权码（lpc_…），居民在小程序“授权查询”里生成，可随时收回' }, RESIDENT_CONSENT_SCHEME)
      .build(),
    { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` },
  );
  // the shared types' schemas are JSON Schema (type: ['string', 'null'] and the like): OpenAPI 3.1
  doc.openapi = '3.1.0';
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...(schemas as NonNullable<OpenAPIObject['components']>['schemas']) } };
  const silent: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      // what the plugin guesses for a method returning an interface is `{ type: object }`: no answer at all
      for (const [status, answer] of Object.entries(operation.responses ?? {})) {
        if (status.startsWith('2') && answer && 'content' in answer && isBareObject(answer.content)) delete operation.responses[status];
      }
      if (!Object.keys(operation.responses ?? {}).some((status) => status.startsWith('2'))) silent.push(`${method.toUpperCase()} ${path}`);
    }
  }
  if (silent.length) throw new Error(`these operations do not declare their answer (@Returns…): ${silent.join(', ')}`);
  return doc;
}

function isBareObject(content: unknown): boolean {
  const json = (content as Record<string, { schema?: Record<string, unknown> }> | undefined)?.['application/json'];
  const schema = json?.schema;
  return !!schema && Object.keys(schema).length === 1 && schema.type === 'object';
}

export function readResponseSchemas(): Schemas {
  return JSON.parse(readFileSync(RESPONSE_SCHEMAS_FILE, 'utf8')) as Schemas;
}

/** The schema names of a generated document, sorted, with each schema's keys sorted: the same text on every run. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
