// Filing packets: where to file, each form answer rendered, the URL batch, the notice to paste, a disclosure warning first.
import { describe, expect, it } from 'vitest';
import type { ProviderChannel } from '../../src/core/notice.ts';
import { buildPacket } from '../../src/notices/packet.ts';
import { renderNotice } from '../../src/notices/render.ts';
import { loadBuiltinTemplates } from '../../src/notices/templates.ts';
import { fullContext } from './sample-context.ts';

const channel: ProviderChannel = {
  id: 'ncii-form',
  kind: 'web-form',
  url: 'https://tube.example/legal/ncii',
  bases: ['take-it-down', 'policy-ncii'],
  fields: [
    { label: 'Your email address', answer: '{{ claimant.email }}' },
    { label: 'Are you the person shown?', answer: '{% if claimant.role == "subject" %}Yes{% else %}No, I act on their behalf{% endif %}' },
    { label: 'Links to the content', answer: '{% for u in urls %}{{ u.url }}\n{% endfor %}', note: 'One link per line.' },
    { label: 'Phone number (optional)', answer: '{% if claimant.phone %}{{ claimant.phone }}{% endif %}' },
    { label: 'Signature', answer: '{{ claimant.signature }}' },
  ],
  disclosesReporterTo: ['uploader', 'lumen'],
  disclosureNote: 'Tube sends copyright complaints to the uploader.',
  minors: false,
  adultsOnly: false,
  source: ['https://tube.example/legal'],
  checked: '2026-06-01',
};

const templates = await loadBuiltinTemplates();

function packetFor(overrides: Partial<ProviderChannel> = {}, context = fullContext('take-it-down')): string {
  const template = templates.get('take-it-down');
  if (template === undefined) throw new Error('no take-it-down template');
  return buildPacket({ providerName: 'Tube', channel: { ...channel, ...overrides }, context, notice: renderNotice(template, context) });
}

describe('buildPacket', () => {
  it('lays out a web-form packet', async () => {
    await expect(packetFor()).toMatchFileSnapshot('__snapshots__/packet--web-form.md');
  });

  it('opens with a warning when the channel may disclose the reporter, and only then', () => {
    expect(packetFor().split('\n')[0]).toBe(
      '> **Warning:** this channel may pass who filed the report, and the details you give, to the person who posted the content and Lumen, a public database of legal notices. Tube sends copyright complaints to the uploader.',
    );
    const quiet = packetFor({ disclosesReporterTo: [] });
    expect(quiet.split('\n')[0]).toBe('# Filing packet: Tube');
    expect(quiet).not.toContain('Warning');
  });

  it('renders each answer over the case, and marks an empty one', () => {
    const context = fullContext('take-it-down', { role: 'representative' });
    delete context.claimant.phone;
    const packet = packetFor({}, context);
    expect(packet).toContain('2. **Are you the person shown?**\n\n   ```text\n   No, I act on their behalf\n   ```');
    expect(packet).toContain('4. **Phone number (optional)**\n\n   (leave empty)');
    expect(packet).toContain('   ```text\n   https://tube.example/video/123\n   https://tube.example/video/456?t=9#x\n   ```\n\n   One link per line.');
  });

  it('lists every value the answers need at once', () => {
    const context = fullContext('take-it-down');
    const template = templates.get('take-it-down');
    if (template === undefined) throw new Error('no template');
    const notice = renderNotice(template, context);
    delete context.claimant.email;
    delete context.claimant.signature;
    expect(() => buildPacket({ providerName: 'Tube', channel, context, notice })).toThrow(
      expect.objectContaining({
        code: 'NOTICE_MISSING_FIELDS',
        issues: [expect.objectContaining({ path: 'case.claimant.email' }), expect.objectContaining({ path: 'case.claimant.signature' })],
      }),
    );
  });

  it("points an in-app report at the help page, and a site's own channel at its home page", () => {
    expect(packetFor({ kind: 'in-app', url: 'https://help.tube.example/report-in-app' })).toContain(
      '## Where to file\n\nReport inside the app. How, step by step: https://help.tube.example/report-in-app',
    );
    const context = fullContext('take-it-down');
    delete context.recipient.form_url;
    const { url: _url, ...noUrl } = channel;
    const template = templates.get('take-it-down');
    if (template === undefined) throw new Error('no template');
    const packet = buildPacket({ providerName: 'tube.example', channel: { ...noUrl, addressFrom: 'site-home' }, context, notice: renderNotice(template, context) });
    expect(packet).toContain("Open the site's home page, https://tube.example/, and follow its report or contact link.");
  });

  it('keeps pasted text inside its block even when it holds backticks', () => {
    const context = fullContext('take-it-down');
    context.case.description = 'Posted with the caption ```leaked```.';
    const packet = packetFor({}, context);
    expect(packet).toContain('````text\nTo Tube Example Inc.');
    expect(packet).toContain('Details: Posted with the caption ```leaked```.');
  });
});
