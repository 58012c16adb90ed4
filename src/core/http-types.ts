// What the HTTP layer hands to the checker: plain data, so that classification stays pure.

export interface RedirectHop {
  /** The URL that answered with a redirect. */
  url: string;
  status: number;
  /** The Location header, resolved against `url`. */
  location: string;
}

export interface HttpTimings {
  /** ISO time the first request of the chain started. */
  startedAt: string;
  /** Milliseconds until the final response's headers arrived. */
  headersMs: number;
  /** Milliseconds for the whole exchange, redirects and body included. */
  totalMs: number;
}

export interface HttpResponse {
  /** The URL asked for. */
  url: string;
  /** The URL that answered last (after redirects). */
  finalUrl: string;
  status: number;
  /** Header names lower-cased; repeated headers joined with ", " (set-cookie with "\n"). */
  headers: Record<string, string>;
  /**
   * Decoded body (gzip, deflate, br undone), at most the body cap. Empty when not read. Each
   * answer's body is its own: the caller may free it when done (core/body-release.ts).
   */
  body: Uint8Array;
  /** True when the body (raw or decoded) hit its cap and the rest was dropped. */
  truncated: boolean;
  /** True when the body was deliberately not read (media in a case that may not fetch media). */
  bodySkipped: boolean;
  redirects: RedirectHop[];
  /** The address that was connected to for the final hop, when known. */
  remoteAddress?: string;
  timings: HttpTimings;
  /** The final hop as it went over the wire, for evidence records; absent from clients that cannot tell. */
  wire?: HttpWire;
}

/** The final request and response head exactly as exchanged (WARC request and response records). */
export interface HttpWire {
  method: string;
  /** Headers the tool gave the HTTP library for the final hop, in order (Host first). */
  requestHeaders: Array<[string, string]>;
  /** e.g. "1.1". */
  httpVersion: string;
  /** The reason phrase of the status line, as received ("" when the server sent none). */
  statusText: string;
  /**
   * Response headers as received: the server's spelling, order and repeats. Values are latin1
   * text (one character per byte), so writing them back as latin1 gives the bytes that came.
   */
  responseHeaders: Array<[string, string]>;
}

export const HTTP_FAILURE_KINDS = [
  'dns',
  'refused',
  'reset',
  'timeout',
  'tls',
  'private-address',
  'too-many-redirects',
  'redirect-loop',
  'bad-redirect',
  'protocol',
  'aborted',
] as const;
export type HttpFailureKind = (typeof HTTP_FAILURE_KINDS)[number];

export interface HttpFailure {
  kind: HttpFailureKind;
  /** The underlying error code (UND_ERR_*, ENOTFOUND, CERT_HAS_EXPIRED, ...) when there is one. */
  code?: string;
  message: string;
  /** The URL whose request failed (a redirect hop, possibly). */
  url: string;
  redirects: RedirectHop[];
  timings: HttpTimings;
}

export type HttpOutcome = { ok: true; response: HttpResponse } | { ok: false; failure: HttpFailure };

export interface GetOptions {
  /** Extra request headers. */
  headers?: Record<string, string>;
  /**
   * When true, a response whose Content-Type is image/*, video/* or audio/* is not read: the body is
   * left empty and `bodySkipped` set. Minors' cases always use it (DESIGN.md section 2).
   */
  skipMediaBody?: boolean;
  /** Overrides the client's body cap for this request, in bytes. */
  maxBodyBytes?: number;
  signal?: AbortSignal;
}

/** The HTTP layer's one interface; `src/http/` implements it on undici. */
export interface HttpClient {
  get(url: string, options?: GetOptions): Promise<HttpOutcome>;
  close(): Promise<void>;
}
