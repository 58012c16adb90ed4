// Shared by the HTTP client tests: unwrap an outcome that must be a response or a failure.
import type { HttpFailure, HttpOutcome, HttpResponse } from '../../src/core/http-types.ts';

export function response(outcome: HttpOutcome): HttpResponse {
  if (!outcome.ok) throw new Error(`expected a response, got ${outcome.failure.kind}: ${outcome.failure.message}`);
  return outcome.response;
}

export function failure(outcome: HttpOutcome): HttpFailure {
  if (outcome.ok) throw new Error(`expected a failure, got status ${outcome.response.status}`);
  return outcome.failure;
}
