// The commented files `takedown init` writes: workspace settings and an example case.
import { DEFAULT_SETTINGS } from './settings-schema.ts';

const d = DEFAULT_SETTINGS.check;

/** Every setting commented out at its default; uncommenting a line keeps the same behaviour until edited. */
export const SETTINGS_TEMPLATE = `# takedown workspace settings.
#
# Every setting is shown below with its default value, commented out. To change one, remove
# the "# " in front of it (and of the section name above it, such as "check:") and edit it.

# check:
#   # How many URLs are fetched at the same time, over all sites.
#   concurrency: ${d.concurrency}
#   # How many URLs of the same site are fetched at the same time. Keep it low: sites that
#   # feel hammered start answering with errors and bot walls instead of the page.
#   per_host: ${d.perHost}
#   # Minimum time between two requests to the same site, in milliseconds.
#   interval_ms: ${d.intervalMs}
#   # Longest time one request may take, body included, in seconds.
#   timeout_s: ${d.timeoutS}
#   # Longest time to wait for a site to accept the connection, in seconds.
#   connect_timeout_s: ${d.connectTimeoutS}
#   # Most bytes of a page that are read (also "2MB", "512KB"). Pages are cut there.
#   max_body_bytes: ${d.maxBodyBytes}
#   # Most redirects followed for one URL.
#   max_redirects: ${d.maxRedirects}
#   # Extra tries after a failure that may pass (timeouts, resets, 5xx). Never after 404.
#   retries: ${d.retries}
#   # How the tool introduces itself. Sites show bot walls to unusual agents, so the default
#   # is a common desktop browser.
#   user_agent: ${JSON.stringify(d.userAgent)}
#   # Allow URLs on private, loopback and link-local addresses (intranets, tests). Keep it
#   # false otherwise: a case file could point the tool at machines inside your network.
#   allow_private: ${d.allowPrivate}
#   # Politeness per site, overriding per_host and interval_ms. Add one line per site:
#   #   hosts:
#   #     tube.example: { per_host: 1, interval_ms: 2000 }
#   hosts: {}
#   # Use this IP address for a host name instead of asking DNS (like curl --resolve), for
#   # intranets and tests. Add one line per host:
#   #   resolve:
#   #     tube.example: 127.0.0.1
#   resolve: {}

# # Who the notice emails come from (default: the claimant of each case). Use a dedicated
# # address, not the victim's own: some sites publish the requests they receive.
# sender:
#   name: A. Lawyer
#   email: takedowns@lawfirm.example

# # The mail server that sends the notices ("takedown send"). The password is never written
# # here: it is read from the environment variable named by password_env.
# # TAKEDOWN_SMTP_HOST, TAKEDOWN_SMTP_PORT, TAKEDOWN_SMTP_USER and TAKEDOWN_SMTP_SECURITY
# # override these settings.
# smtp:
#   host: smtp.lawfirm.example
#   port: 587
#   security: starttls      # tls (port 465) | starttls | none (only to a server on this machine)
#   user: takedowns@lawfirm.example
#   password_env: TAKEDOWN_SMTP_PASSWORD

# # Clocks for requests whose law sets no deadline (DSA, platform policies, abuse desks).
# notices:
#   follow_up_days: 7
#   # A removal counts once a URL was seen gone on two checks at least this far apart.
#   confirm_hours: 1

# # Where RDAP's bootstrap files come from (who hosts a site, who registered its domain).
# rdap:
#   bootstrap_url: https://data.iana.org/rdap/

# # How often "takedown sweep" checks a URL again, by where it stands (20h, 7d, 90m, or hours).
# sweep:
#   every:
#     live: 20h          # under a day, so that a nightly job finds them due
#     unconfirmed: 1h    # seen gone once, waiting for the confirming check
#     confirmed: 7d      # confirmed gone: less often, but never never
#     unseen: 6h         # blocked or unreachable: 6h, 12h, 24h ... up to unseen_max
#     unseen_max: 3d
#     discover: 20h      # the watch places: at most this often
#   # A URL that cannot be seen for this long is reported once.
#   report_unseen_after: 3d

# # Who hears about changes the sweep finds (each change once). Email goes through smtp:.
# notify:
#   email: [lawyer@lawfirm.example]
#   webhook: https://hooks.lawfirm.example/takedown
#   webhook_secret_env: TAKEDOWN_WEBHOOK_SECRET   # signs each body (X-Takedown-Signature)

# # Evidence: which checks are kept as WARC records in .takedown/evidence/ (HTML and headers;
# # never media unless a case sets store_media, never for a minor's case).
# evidence:
#   capture: change      # first check and every change of state | always | never
`;

export const EXAMPLE_CASE = `# An example case. Copy this file for each case (one file per case) and edit it.
# Check it with: takedown validate cases/example.yaml
# The domains below end in .example, which never exist: replace them with the real URLs.

case:
  # A short name for the case: letters, digits, ".", "_" and "-" only (it is used in file names).
  id: example-001
  title: Leaked photos, ex-partner

  # The person shown in the images or videos.
  subject:
    # Used only where a legal basis requires the name in a notice.
    name: Jane Doe
    # true if the person was under 18 when the content was made. This must be answered, there
    # is no default: for a minor the tool never fetches or stores media (pages only), never
    # takes screenshots, and points you to the child-protection channels (NCMEC Take It Down,
    # CyberTipline, IWF, eSafety) instead of the adult programmes.
    minor_at_creation: false

  # Who files the notices: the subject, or a representative (a lawyer, an advocate).
  claimant:
    role: representative      # subject | representative
    name: A. Lawyer
    email: takedowns@lawfirm.example
    signature: /A. Lawyer/      # how the notices are signed (an electronic signature)
    # The notices state, in the claimant's name, a good-faith belief that the content is
    # published without consent. Read those statements (the templates/ folder of takedown,
    # e.g. templates/take-it-down.yaml), then set this to true; until then no notice is drafted.
    confirms_good_faith: false

  # Where the law that the notices rely on applies: US, EU, UK, AU, CA or two-letter country codes.
  jurisdictions: [US, EU]

  facts:
    consent: none             # none (never given) | withdrawn
    # true if the subject took the images themself: a copyright (DMCA) notice becomes possible.
    copyright_owner: true
    # A DMCA notice is used only if this is also true: DMCA notices can be published (Lumen)
    # and forwarded to the uploader with the claimant's name, and a counter-notice can bring
    # the content back unless you go to court. The other laws do not need it.
    dmca_accept_disclosure: false
    # copyright_work: Photographs the subject took of herself in 2024   # DMCA names the work
    # true if the images are fake (made or altered by AI): the notices say so.
    deepfake: false
    description: Private photos shared in a relationship, posted without consent.

  # Words that identify the content on a watch page: names, nicknames, handles. Accents and
  # case do not matter; whole words only. Kept on this machine, never put in a notification.
  keywords: [Jane Doe, janedoe]

  # The subject's own sites and accounts: URLs under these are never targeted.
  allow: [https://janedoe.example/]

# The URLs where the content is. A plain URL, or url: with a note.
urls:
  - https://tube.example/video/123
  - url: https://forum.example/thread/55#post-9
    note: Re-upload found by the client

# Places to look for new copies (search pages, profiles), read by "takedown sweep". Optional.
watch:
  - url: https://forum.example/search?q=jane+doe

# Hashes of the images, computed on this machine with \`takedown hash\`. Optional.
fingerprints: []
`;
