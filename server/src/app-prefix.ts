import { RequestMethod } from '@nestjs/common';

/**
 * Every route lives under /api, except the transcript verification pages: the one behind the QR
 * code on a transcript, at /verify/<id>, and the one where a PDF is uploaded, at /verify.
 */
export const API_PREFIX = 'api';
export const API_PREFIX_OPTIONS = {
  exclude: [
    { path: 'verify/:id', method: RequestMethod.GET },
    { path: 'verify', method: RequestMethod.GET },
    { path: 'verify', method: RequestMethod.POST },
  ],
};
