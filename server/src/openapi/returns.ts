import type { ApiResponses } from '@lp/shared';
import { HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ApiProduces, ApiResponse } from '@nestjs/swagger';

/**
 * How an endpoint answers, declared once above its route decorator so the OpenAPI document (and
 * the mini program's generated types) describe what the server returns.
 *
 * `@Returns('OfferingDetail')` names a schema of `ApiResponses` (packages/shared); the compiler
 * checks the name against the method's own return type, so a document cannot drift from the code.
 * It must be written above `@Get`/`@Post`/`@HttpCode` (decorators apply bottom-up): the status it
 * documents is the one the route really answers with.
 */
type Answer<K extends keyof ApiResponses> = ApiResponses[K] | Promise<ApiResponses[K]>;
type Method<R> = (...args: never[]) => R;

/** The status a route answers with: its @HttpCode, else 201 for POST and 200 for the rest, as Nest does. */
function statusOf(handler: object, name: string): number {
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  if (method === undefined) throw new Error(`${name}: write @Returns… above the route decorator (@Get, @Post…)`);
  const code = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
  return code ?? (method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK);
}

/** Documents the answer `response` builds for the route's own status. */
function declare(response: (status: number) => Parameters<typeof ApiResponse>[0]): MethodDecorator {
  return (target, key, descriptor) => {
    const status = statusOf(descriptor.value as object, `${target.constructor.name}.${String(key)}`);
    ApiResponse(response(status))(target, key, descriptor);
  };
}

/**
 * A JSON answer, by its schema's name in `ApiResponses`. `repeated` is the status of an idempotent
 * request sent again (the first answer, once more), when it differs from the first time's; `example`
 * an answer shown in the document (the partner API gives one for every endpoint).
 */
export function Returns<K extends keyof ApiResponses>(name: K, options: { repeated?: HttpStatus; example?: ApiResponses[K] } = {}) {
  const json: { schema: { $ref: string }; example?: unknown } = { schema: { $ref: `#/components/schemas/${name}` } };
  // an example is typed as the answer itself, so it cannot drift from the schema
  if (options.example !== undefined) json.example = options.example;
  const content = { 'application/json': json };
  return <M extends Method<Answer<K>>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    declare((status) => ({ status, description: name, content }))(target, key, descriptor);
    const again = options.repeated;
    if (again !== undefined) ApiResponse({ status: again, description: `${name}（同一请求再次提交）`, content })(target, key, descriptor);
  };
}

/** No body: 204. */
export function ReturnsNothing() {
  return <M extends Method<void | Promise<void>>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>): void => {
    declare((status) => {
      if (status !== HttpStatus.NO_CONTENT) throw new Error(`${String(key)}: an answer without a body needs @HttpCode(204)`);
      return { status, description: '无内容' };
    })(target, key, descriptor);
  };
}

/** The media type of an Excel workbook. */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file (a PDF, a spreadsheet, a photo), downloaded as bytes. */
export function ReturnsFile(...types: string[]): MethodDecorator {
  return (target, key, descriptor) => {
    ApiProduces(...types)(target, key, descriptor);
    declare((status) => ({
      status,
      description: '文件',
      content: Object.fromEntries(types.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
    }))(target, key, descriptor);
  };
}

/** Server-sent events; `event` names the schema of each event's JSON `data`. */
export function ReturnsEvents<K extends keyof ApiResponses>(event: K): MethodDecorator {
  return declare((status) => ({
    status,
    description: `text/event-stream，每条 data 是 ${event}`,
    // OpenAPI 3.1 has no schema for one event: the stream's schema is that of each event's data
    content: { 'text/event-stream': { schema: { $ref: `#/components/schemas/${event}` } } },
  }));
}
