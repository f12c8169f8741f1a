import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';

/** Fallback words for constraints a DTO did not give its own Chinese message for. */
const CONSTRAINT_WORDS: Record<string, string> = {
  whitelistValidation: '是多余的字段',
  isString: '应当是文字',
  isInt: '应当是整数',
  isNumber: '应当是数字',
  isBoolean: '应当是“是”或“否”',
  isArray: '应当是列表',
  isEnum: '不是可选的值',
  isIn: '不是可选的值',
  isNotEmpty: '不能为空',
  isDefined: '不能为空',
  min: '太小了',
  max: '太大了',
  maxLength: '太长了',
  minLength: '太短了',
  arrayMaxSize: '项数太多了',
  isUuid: '格式不对',
  isDateString: '不是有效的日期',
  matches: '格式不对',
  nestedValidation: '格式不对',
};

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([name, msg]) =>
      /[\u4e00-\u9fa5]/.test(msg) ? msg : `${field} ${CONSTRAINT_WORDS[name] ?? '不符合要求'}`,
    );
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** No request body of ours nests deeper than this; deeper input would only exhaust the stack. */
const MAX_DEPTH = 16;

function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    // a raw upload is one flat Buffer: nothing nested to walk, and walking its bytes would be slow
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (deeperThan(value, MAX_DEPTH)) throw AppError.badRequest('提交的内容层级太多了');
    return super.transform(value, metadata);
  }
}

/** Whitelist, refuse unknown fields, convert types, and answer in Chinese. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return AppError.badRequest(details[0] ?? '请求的内容有误', details);
    },
  });
}
