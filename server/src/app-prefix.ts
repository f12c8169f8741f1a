import { RequestMethod } from '@nestjs/common';

/**
 * Every route lives under /api, except the pages QR codes open: a transcript's, at /verify/<id>, and
 * a check-in link opened outside WeChat, at /c/<code>.
 */
export const API_PREFIX = 'api';
export const API_PREFIX_OPTIONS = {
  exclude: [
    { path: 'verify/:id', method: RequestMethod.GET },
    { path: 'c/:code', method: RequestMethod.GET },
  ],
};
