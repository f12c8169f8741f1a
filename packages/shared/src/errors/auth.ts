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
  /** The account's first (or reset) password must be changed before anything else is done. */
  MustChangePassword: 'must_change_password',
  /** A new password fails the policy (at least 12 characters, not common or repeated). */
  WeakPassword: 'password_weak',
  /** Changing the password: the current password typed is wrong. */
  CurrentPasswordWrong: 'current_password_wrong',
} as const;

export type AuthError = (typeof AuthError)[keyof typeof AuthError];
