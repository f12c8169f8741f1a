import { RequestMethod } from '@nestjs/common';

/**
 * Every route lives under /api, except the pages people open from outside the app: a transcript's,
 * at /verify/<id>, the one where a transcript PDF is uploaded, at /verify, and a check-in link opened
 * outside WeChat, at /c/<code>, and the partner developers' guide, at /partner-guide.
 */
export const API_PREFIX = 'api';
export const API_PREFIX_OPTIONS = {
  exclude: [
    { path: 'verify/:id', method: RequestMethod.GET },
    { path: 'verify', method: RequestMethod.GET },
    { path: 'verify', method: RequestMethod.POST },
    { path: 'c/:code', method: RequestMethod.GET },
    { path: 'partner-guide', method: RequestMethod.GET },
  ],
};
