// Writes the demo workspace: settings that point the demo hosts at the local sample web, a case
// file whose URLs show every check state, and a provider definition for the sample platform.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SampleWeb } from './sample-web.ts';

export interface DemoFiles {
  caseFile: string;
}

/** The demo's local services: the mail sink that stands in for the recipients, and the RDAP server. */
export interface DemoServices {
  smtpPort: number;
  rdapBootstrapUrl: string;
}

export async function writeDemoWorkspace(dir: string, web: SampleWeb, closedPort: number, services: DemoServices): Promise<DemoFiles> {
  await mkdir(join(dir, '.takedown'), { recursive: true, mode: 0o700 });
  await mkdir(join(dir, 'cases'), { recursive: true, mode: 0o700 });
  await mkdir(join(dir, 'providers'), { recursive: true, mode: 0o700 });
  const hosts = ['tube', 'forum', 'clips', 'social', 'down', 'gone'].map((h) => `    ${h}.demo.test: 127.0.0.1`).join('\n');
  await writeFile(
    join(dir, 'takedown.yaml'),
    `# Demo workspace settings: the demo hosts live on this machine (127.0.0.1).
check:
  allow_private: true   # the sample web is on loopback, which is refused by default
  retries: 1
  interval_ms: 0
  timeout_s: 5
  resolve:
${hosts}

# Notices are signed by the claimant of each case; mail goes out from this address.
sender:
  name: Demo Helpline
  email: takedowns@helpline.example

# The demo's mail server is a local sink on this machine: it receives the notices and keeps them
# in memory, so nothing leaves the machine. A real workspace names its provider's SMTP server
# here, with the password in the environment variable named by password_env.
smtp:
  host: 127.0.0.1
  port: ${services.smtpPort}
  security: none          # allowed only to a server on this machine

# Who hosts a site and who registered its domain are asked of RDAP; the demo has its own server.
rdap:
  bootstrap_url: ${services.rdapBootstrapUrl}
`,
    { mode: 0o600 },
  );
  const u = web.url;
  const caseFile = join(dir, 'cases', 'demo.yaml');
  await writeFile(
    caseFile,
    `# A demo case. Every URL points at the local sample web started by "takedown demo".
case:
  id: demo-001
  title: Demo case on sample sites
  subject:
    name: Jane Doe
    minor_at_creation: false
  claimant:
    role: representative
    name: Demo Advocate
    organisation: Demo Helpline
    email: advocate@helpline.example
    signature: /Demo Advocate/
    # The notices state, in the claimant's name, a good-faith belief that the content is
    # published without consent. Set this to true only once that has been confirmed.
    confirms_good_faith: true
  jurisdictions: [US, EU]
  facts:
    consent: none
    copyright_owner: true
    description: Private photos posted without consent (demo).
  allow:
    - ${u('social', '/u/janedoe')}        # the victim's own profile: never targeted
urls:
  - ${u('tube', '/video/1001')}           # still live
  - ${u('tube', '/video/1002')}           # the platform's own removal notice (provider marker)
  - url: ${u('tube', '/video/1003')}      # 404
    note: First upload, reported by the client
  - ${u('forum', '/thread/77')}           # live, although the text mentions a removal elsewhere
  - ${u('forum', '/thread/78')}           # now redirects to the forum's home page
  - ${u('forum', '/thread/79')}           # the forum's "soft 404": its index page with status 200
  - ${u('clips', '/v/410')}               # 410 Gone
  - ${u('clips', '/v/451')}               # blocked for legal reasons
  - ${u('clips', '/v/403')}               # a bot wall: never counted as removed
  - ${u('social', '/p/55')}               # redirects to a login page: not a removal
  - ${u('social', '/p/56')}               # live
  - ${u('social', '/u/janedoe/photos')}   # on the allow-list: excluded
  - ${u('down', '/file/9')}               # the server answers 503
  - http://gone.demo.test:${closedPort}/a/1   # nothing listens: connection refused
watch:
  - url: ${u('forum', '/search?q=jane')}
`,
    { mode: 0o600 },
  );
  await writeFile(
    join(dir, 'providers', 'demo-tube.yaml'),
    `# A workspace's own provider definition, here for the demo's sample video platform.
id: demo-tube
name: DemoTube
kind: platform
hosts: [tube.demo.test]
channels:
  - id: legal
    kind: email
    address: legal@tube.demo.test
    bases: [take-it-down, dsa-art16, policy-ncii]
    discloses_reporter_to: []
    response_hours: 48
    source: the takedown demo
    checked: 2026-11-21
signals:
  removed:
    - text: This video has been removed by the uploader
  live:
    - html: 'data-playable="true"'
examples:
  - name: the platform's removal notice
    url: http://tube.demo.test/video/1
    response:
      status: 200
      body: <html><body><div>This video has been removed by the uploader.</div></body></html>
    expect: { state: soft-removed }
source: [the takedown demo]
checked: 2026-11-21
`,
    { mode: 0o600 },
  );
  return { caseFile };
}
