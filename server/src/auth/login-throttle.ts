import { SetMetadata } from '@nestjs/common';

/** Marks endpoints that try credentials: they get the stricter 'login' rate limit as well. */
export const LOGIN_THROTTLE = 'lp:login-throttle';
export const LoginThrottle = () => SetMetadata(LOGIN_THROTTLE, true);
