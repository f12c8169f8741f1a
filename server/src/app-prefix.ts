import { RequestMethod } from '@nestjs/common';

/** Every route lives under /api, except the page behind the QR code on a transcript, at /verify/<id>. */
export const API_PREFIX = 'api';
export const API_PREFIX_OPTIONS = { exclude: [{ path: 'verify/:id', method: RequestMethod.GET }] };
