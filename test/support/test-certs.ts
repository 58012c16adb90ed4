// The fixture web's throwaway certificate and key (test/fixture-web/certs), for TLS tests outside HTTP.
import { readFileSync } from 'node:fs';

const CERT_DIR = new URL('../fixture-web/certs/', import.meta.url);

/** Self-signed, a CA for itself; covers localhost, 127.0.0.1 and ::1 among others. */
export const TEST_CERT = readFileSync(new URL('fixture-cert.pem', CERT_DIR), 'utf8');
export const TEST_KEY = readFileSync(new URL('fixture-key.pem', CERT_DIR), 'utf8');
