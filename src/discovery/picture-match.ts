// Compares a picture on the web with a case's fingerprints. The bytes are read into memory under a
// cap, hashed (SHA-256 and PDQ), overwritten and dropped: nothing is written anywhere. Never
// called for a minor's case (discover.ts decides; DESIGN.md section 2).
import { isUserError } from '../core/errors.ts';
import type { HttpClient } from '../core/http-types.ts';
import { findKnown, type Fingerprint, type KnownMatch } from './fingerprints.ts';
import type { HostLanes } from './host-lanes.ts';
import { hashImageBytes } from './image-hash.ts';
import { PDQ_MIN_QUALITY } from './pdq-distance.ts';

export type PictureOutcome =
  | { kind: 'match'; match: KnownMatch; quality: number }
  /** Hashed and compared: not one of the case's pictures (or too plain for its PDQ hash to say). */
  | { kind: 'no-match'; quality: number }
  /** Not compared: not a picture, too big, undecodable, or the request failed. */
  | { kind: 'skipped'; problem: string }
  | { kind: 'failed'; problem: string };

export interface PictureDeps {
  http: HttpClient;
  lanes: HostLanes;
  signal?: AbortSignal;
}

const ACCEPT_PICTURE = 'image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8';
// Vector pictures are drawings, not photographs: PDQ says nothing useful about them.
const RASTER = /^image\/(?!svg)/i;

export async function checkPicture(url: string, fingerprints: readonly Fingerprint[], maxBytes: number, deps: PictureDeps): Promise<PictureOutcome> {
  const outcome = await deps.lanes.run(url, () =>
    deps.http.get(url, { maxBodyBytes: maxBytes, headers: { accept: ACCEPT_PICTURE }, ...(deps.signal === undefined ? {} : { signal: deps.signal }) }),
  );
  if (!outcome.ok) return { kind: 'failed', problem: `${outcome.failure.kind}: ${outcome.failure.message}` };
  const { response } = outcome;
  const body = response.body;
  try {
    if (response.status < 200 || response.status > 299) return { kind: 'failed', problem: `HTTP ${response.status}` };
    const type = response.headers['content-type'] ?? '';
    if (!RASTER.test(type)) return { kind: 'skipped', problem: `not a picture (${type === '' ? 'no content type' : type})` };
    if (response.truncated) return { kind: 'skipped', problem: `over ${Math.round(maxBytes / 1024 / 1024)} MB; not compared` };
    let picture;
    try {
      picture = await hashImageBytes(body, 'the picture');
    } catch (error) {
      if (isUserError(error)) return { kind: 'skipped', problem: error.message };
      throw error;
    }
    const match = findKnown(picture, fingerprints);
    // A plain picture (a logo, a blank) has too little detail for a PDQ match to mean anything;
    // the same file (same SHA-256) still counts.
    if (match === undefined || (!match.exact && picture.quality < PDQ_MIN_QUALITY)) return { kind: 'no-match', quality: picture.quality };
    return { kind: 'match', match, quality: picture.quality };
  } finally {
    // The bytes may be an intimate image: overwrite them now rather than wait for the collector.
    body.fill(0);
  }
}
