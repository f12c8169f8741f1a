import { ErrorCode, ServerErrorCode } from '@lp/shared';

/**
 * The one way a feature refuses something: a stable code, an HTTP status and a
 * message a resident can read. The exception filter turns it into `{ code, message }`.
 * A code is a member of one of the shared enums (SERVER_ERROR_ENUMS), never a string made up here.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ServerErrorCode,
    message: string,
    readonly details?: string[],
    /** For 429: seconds until the caller may try again, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  static badRequest(message: string, details?: string[], code: ServerErrorCode = ErrorCode.ValidationFailed): AppError {
    return new AppError(400, code, message, details);
  }
  static unauthenticated(message = '请先登录', code: ServerErrorCode = ErrorCode.Unauthenticated): AppError {
    return new AppError(401, code, message);
  }
  static forbidden(message = '您没有权限做这件事', code: ServerErrorCode = ErrorCode.Forbidden): AppError {
    return new AppError(403, code, message);
  }
  static outOfScope(message = '这不在您管理的区域内'): AppError {
    return new AppError(403, ErrorCode.OutOfScope, message);
  }
  static notFound(message = '没有找到相关内容', code: ServerErrorCode = ErrorCode.NotFound): AppError {
    return new AppError(404, code, message);
  }
  /** 429 with how long to wait, in the message and as Retry-After: `what` says why, e.g. 登录尝试太多. */
  static tooManyRequests(what: string, retryAfterSeconds: number, code: ServerErrorCode = ErrorCode.TooManyRequests): AppError {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    const wait = seconds < 60 ? `${seconds}秒` : `${Math.ceil(seconds / 60)}分钟`;
    return new AppError(429, code, `${what}，请${wait}后再试`, undefined, seconds);
  }
  static conflict(message: string, code: ServerErrorCode = ErrorCode.Conflict): AppError {
    return new AppError(409, code, message);
  }
}
