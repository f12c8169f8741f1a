import { request } from 'node:http';

export interface RawReply {
  status: number;
  text: string;
  json: { code?: unknown; message?: unknown } | null;
}

/**
 * One request with its path sent byte for byte: fetch (WHATWG URL) would resolve `..` and
 * `%2e%2e` segments and refuse `%zz` before the server ever saw them.
 */
export function rawRequest(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawReply> {
  const { hostname, port } = new URL(baseUrl);
  // what Node refuses to put on the request line (spaces, non-ASCII) is percent-encoded, the rest goes as it is
  const line = path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path: line, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: RawReply['json'] = null;
        try {
          json = JSON.parse(text) as RawReply['json'];
        } catch {
          json = null; // not JSON: the caller judges the text
        }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A refusal in the API's shape: `{ code, message }`, the message in Chinese, no stack trace. */
export function isApiRefusal(reply: RawReply): boolean {
  const { json } = reply;
  return (
    reply.status >= 400 &&
    reply.status < 500 &&
    typeof json?.code === 'string' &&
    typeof json?.message === 'string' &&
    /[\u4e00-\u9fa5]/.test(json.message) &&
    !/\bat .+\.(js|ts):\d+|stack/i.test(reply.text)
  );
}
