/** Logging in, tokens and sessions. */
export const AuthError = {
  /** The code from wx.login was refused by WeChat (used, expired or forged). */
  WechatCodeInvalid: 'wechat_code_invalid',
  WechatUnavailable: 'wechat_unavailable',
  BadCredentials: 'bad_credentials',
  LoginThrottled: 'login_throttled',
  /** The access token is past its lifetime: refresh it. */
  TokenExpired: 'token_expired',
  /** A refresh token that is unknown, expired, or of an account disabled or changed since. */
  RefreshTokenInvalid: 'refresh_token_invalid',
  /** A refresh token used a second time: the whole session is ended, as it may have been stolen. */
  RefreshTokenReused: 'refresh_token_reused',
  /** The session was ended (logout, password change, account disabled) while the token was still valid. */
  SessionRevoked: 'session_revoked',
  /** The demo accounts are switched off on this deployment. */
  DemoDisabled: 'demo_disabled',
} as const;

export type AuthError = (typeof AuthError)[keyof typeof AuthError];
