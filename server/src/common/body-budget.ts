import { RouteConfig } from '@nestjs/platform-fastify';
import { ErrorCode } from '@lp/shared';
import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error';

/**
 * How much structure a request may carry, checked right after parsing and before any validation:
 * every key and every array element is a node. The largest body of ours, a credit rule set with its
 * full tables, has about 1,500 nodes, and no DTO has more than 20 fields, so a body past these
 * bounds is refused in a millisecond instead of costing a second of validation and an error that
 * lists every unknown field. An endpoint that takes a bigger document says so with `BodyBudget`.
 */
export interface BodyLimits {
  /** Keys and array elements, all levels together. */
  nodes: number;
  /** Keys of any one object. */
  keysPerObject: number;
  /** Objects and arrays inside each other. */
  depth: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { nodes: 2_000, keysPerObject: 64, depth: 16 };

declare module 'fastify' {
  interface FastifyContextConfig {
    bodyLimits?: BodyLimits;
  }
}

/** For an endpoint that takes a larger document than any form (a signed credential to verify). */
export const BodyBudget = (limits: Partial<BodyLimits>) => RouteConfig({ bodyLimits: { ...DEFAULT_BODY_LIMITS, ...limits } });

/** The limits of the route a request was matched to. */
export function bodyLimitsOf(req: FastifyRequest): BodyLimits {
  return req.routeOptions?.config?.bodyLimits ?? DEFAULT_BODY_LIMITS;
}

/** The refusal of a value past the limits, or null when it is within them. A raw upload (bytes) has no structure. */
export function overBudget(value: unknown, limits: BodyLimits): AppError | null {
  let nodes = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue;
    if (depth >= limits.depth) return AppError.badRequest('提交的内容层级太多了');
    const children = Array.isArray(v) ? v : Object.values(v);
    if (!Array.isArray(v) && children.length > limits.keysPerObject) return tooMany();
    nodes += children.length;
    if (nodes > limits.nodes) return tooMany();
    for (const child of children) stack.push([child, depth + 1]);
  }
  return null;
}

/**
 * The same limits read off JSON text before it is parsed, stopping at the first node past them:
 * refusing 20,000 fields costs reading the first 2,000, not building an object of 20,000 keys and
 * walking it. Only the structure is read (brackets, and colons and commas outside strings);
 * whether the text is valid JSON is the parser's to say.
 */
export function textOverBudget(text: string, limits: BodyLimits): AppError | null {
  const open: { array: boolean; children: number }[] = [];
  let nodes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    const top = open[open.length - 1];
    // the first value in an array counts as it starts; the next ones at their commas
    if (top?.array && top.children === 0 && c !== 0x5d) {
      top.children = 1;
      nodes += 1;
    }
    if (c === 0x22) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (open.length >= limits.depth) return AppError.badRequest('提交的内容层级太多了');
      open.push({ array: c === 0x5b, children: 0 });
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
    } else if ((c === 0x3a && top && !top.array) || (c === 0x2c && top?.array)) {
      top.children += 1;
      nodes += 1;
      if (!top.array && top.children > limits.keysPerObject) return tooMany();
    }
    if (nodes > limits.nodes) return tooMany();
  }
  return null;
}

function tooMany(): AppError {
  return new AppError(413, ErrorCode.PayloadTooLarge, '提交的内容项数太多了');
}
