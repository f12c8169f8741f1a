import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';
import { DEFAULT_BODY_LIMITS, overBudget } from './body-budget';

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

/** At most this many field problems go back with a refusal, each cut to a readable length. */
const MAX_DETAILS = 10;
const MAX_FIELD_CHARS = 40;

function flatten(errors: ValidationError[], out: string[] = [], prefix = ''): string[] {
  for (const e of errors) {
    if (out.length >= MAX_DETAILS) break;
    const field = shorten(prefix ? `${prefix}.${e.property}` : e.property);
    for (const [name, msg] of Object.entries(e.constraints ?? {})) {
      if (out.length < MAX_DETAILS) out.push(/[\u4e00-\u9fa5]/.test(msg) ? msg : `${field} ${CONSTRAINT_WORDS[name] ?? '不符合要求'}`);
    }
    flatten(e.children ?? [], out, field);
  }
  return out;
}

/** A field name as the caller sent it may be any length; the answer repeats at most its start. */
function shorten(field: string): string {
  return field.length > MAX_FIELD_CHARS ? `${field.slice(0, MAX_FIELD_CHARS)}…` : field;
}

class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // what a DTO will validate: query strings and forms too, whose parsers count nothing
    if (this.toValidate(metadata)) {
      const refusal = overBudget(value, DEFAULT_BODY_LIMITS);
      if (refusal) throw refusal;
    }
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
