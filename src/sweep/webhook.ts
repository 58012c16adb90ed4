// A JSON POST over node:http(s) for webhook notifications: a time limit, a small answer read, no
// redirects followed (a webhook that moved is a setting to fix, not something to chase).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PostResult {
  status: number;
  /** The start of the answer's body, for error messages. */
  text: string;
}

const MAX_ANSWER_BYTES = 4096;

export function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs = 15_000): Promise<PostResult> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER_BYTES) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from the webhook within ${timeoutMs / 1000} s`)));
    req.on('error', (error: NodeJS.ErrnoException) => reject(new Error(`cannot reach the webhook ${target.origin}: ${error.code ?? error.message}`)));
    req.end(body);
  });
}
