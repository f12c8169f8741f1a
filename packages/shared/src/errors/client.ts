/**
 * Codes the mini program gives its own failures, never sent by the server: they share the error's
 * shape so a page shows and compares every failure the same way.
 */
export const ClientError = {
  /** The server could not be reached (no network, timeout). */
  Network: 'network_error',
  /** Something failed on the phone itself (a file or PDF that did not open, an unexpected exception). */
  Client: 'client_error',
  /** wx.login gave no code. */
  WechatLoginFailed: 'wechat_login_failed',
  /** Check-ins queued offline that the server refused once the phone was back online. */
  OfflineRefused: 'offline_refused',
  /** A population file over the upload limit, refused before sending it. */
  PopulationFileTooBig: 'population_file_too_big',
  /** WeChat refused a privacy-related API (location, files, clipboard, phone) because the user has not agreed to the 用户隐私保护指引. */
  PrivacyNotAgreed: 'privacy_not_agreed',
  /** WeChat refused a privacy-related API the 用户隐私保护指引 filled in on the 小程序管理后台 does not name. */
  PrivacyNotDeclared: 'privacy_not_declared',
} as const;

/** An answer with no `{ code, message }` body (a proxy's error page, say): named by its HTTP status. */
export type HttpStatusError = `http_${number}`;

export const httpStatusError = (status: number): HttpStatusError => `http_${status}`;

export type ClientError = (typeof ClientError)[keyof typeof ClientError] | HttpStatusError;
