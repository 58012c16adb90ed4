// A case as the rest of the tool sees it, after the case file was validated and normalised.

export interface CaseClaimant {
  role: 'subject' | 'representative';
  name?: string;
  email?: string;
  signature?: string;
  organisation?: string;
  address?: string;
  phone?: string;
  /** The claimant confirmed the good-faith statements that notices make in their name. */
  confirmsGoodFaith: boolean;
}

export interface CaseSubject {
  name?: string;
  minorAtCreation: boolean;
}

export interface CaseFacts {
  consent: 'none' | 'withdrawn';
  copyrightOwner: boolean;
  /** The claimant accepts that a DMCA notice may be published (Lumen) or forwarded to the uploader. */
  dmcaAcceptDisclosure: boolean;
  /** DMCA only: the copyrighted work, in the claimant's words. */
  copyrightWork?: string;
  /** The content is a digital forgery (deepfake). */
  deepfake: boolean;
  description?: string;
}

export interface CaseTarget {
  /** Normalised URL (IDN as punycode, scheme and host lower-cased, fragment kept). */
  url: string;
  /** The URL as written in the file. */
  original: string;
  note?: string;
  /** 1-based position in the file, for messages. */
  line?: number;
  col?: number;
}

export interface WatchPlace {
  url: string;
  note?: string;
  line?: number;
  col?: number;
}

export interface Case {
  id: string;
  title?: string;
  subject: CaseSubject;
  claimant: CaseClaimant;
  jurisdictions: string[];
  facts: CaseFacts;
  keywords: string[];
  allow: string[];
  /** The URLs to check, allow-listed ones already excluded, duplicates removed. */
  targets: CaseTarget[];
  watch: WatchPlace[];
  fingerprints: unknown[];
  /** Media bytes may be stored for this case (explicit opt-in; never for minors). */
  storeMedia: boolean;
  /** The case file it came from (absolute path). */
  file: string;
}
