/** A real 1×1 PNG: the smallest picture a certificate upload can be. */
export function tinyPng(): Buffer {
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
}

/** Bytes that claim to be a PDF but are not one. */
export function notAPdf(): Buffer {
  return Buffer.from('MZ\x90\x00 this is an executable, not a PDF', 'latin1');
}
