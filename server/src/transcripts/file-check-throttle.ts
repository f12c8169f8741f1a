import { SetMetadata } from '@nestjs/common';

/**
 * Marks the endpoints where anyone may hand in a file to be checked (a transcript PDF): each one is
 * read into memory and hashed, so they get the stricter 'file-check' rate limit per address as well.
 */
export const FILE_CHECK_THROTTLE = 'lp:file-check-throttle';
export const FileCheckThrottle = () => SetMetadata(FILE_CHECK_THROTTLE, true);
