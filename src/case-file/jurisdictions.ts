// Jurisdiction codes a case may name: the legal regions the notices know, plus every ISO 3166-1 alpha-2 country.

/** Regions that are not ISO countries (EU) or that people write by their usual name (UK for GB). */
export const REGIONS: readonly string[] = ['US', 'EU', 'UK', 'AU', 'CA'];

const ISO_3166_ALPHA_2 = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

const KNOWN = new Set([...REGIONS, ...ISO_3166_ALPHA_2]);

/** Codes are compared upper-case, so `eu` and `EU` name the same jurisdiction. */
export function isJurisdiction(code: string): boolean {
  return KNOWN.has(code.toUpperCase());
}

const EU_MEMBERS = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '),
);
// The GDPR also applies in the rest of the European Economic Area.
const EEA_ONLY = new Set(['IS', 'LI', 'NO']);

/** Which of the laws that notices rely on a case's jurisdictions bring in. */
export interface LegalAreas {
  /** TAKE IT DOWN Act, DMCA. */
  us: boolean;
  /** Digital Services Act (EU members). */
  dsa: boolean;
  /** GDPR (EU and EEA). */
  gdpr: boolean;
  /** Online Safety Act (UK). */
  uk: boolean;
  /** Online Safety Act 2021 (Australia, eSafety). */
  au: boolean;
}

export function legalAreas(jurisdictions: readonly string[]): LegalAreas {
  const codes = new Set(jurisdictions.map((code) => code.toUpperCase()));
  const eu = codes.has('EU') || [...codes].some((code) => EU_MEMBERS.has(code));
  return {
    us: codes.has('US'),
    dsa: eu,
    gdpr: eu || [...codes].some((code) => EEA_ONLY.has(code)),
    uk: codes.has('UK') || codes.has('GB'),
    au: codes.has('AU'),
  };
}
