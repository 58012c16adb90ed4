// A filing packet (Markdown) for web forms and in-app reports: where to file, each answer, the URLs, the notice to paste.
import { UserError } from '../core/errors.ts';
import type { DisclosureTarget, NoticeContext, ProviderChannel } from '../core/notice.ts';
import { missingFieldsError, renderSnippetCollecting } from './render.ts';
import type { RenderedNotice } from './render.ts';

export interface PacketInput {
  providerName: string;
  channel: ProviderChannel;
  context: NoticeContext;
  notice: RenderedNotice;
}

const DISCLOSED_TO: Record<DisclosureTarget, string> = {
  uploader: 'the person who posted the content',
  'site-owner': "the site's owner",
  host: 'the hosting provider',
  lumen: 'Lumen, a public database of legal notices',
  public: 'the public',
};

/** A fence longer than any run of backticks in the text, so pasted text cannot close it early. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function warningLine(channel: ProviderChannel): string[] {
  if (channel.disclosesReporterTo.length === 0) return [];
  const who = listWords(channel.disclosesReporterTo.map((target) => DISCLOSED_TO[target]));
  const note = channel.disclosureNote === undefined ? '' : ` ${channel.disclosureNote}`;
  return [`> **Warning:** this channel may pass who filed the report, and the details you give, to ${who}.${note}`, ''];
}

function whereToFile(input: PacketInput): string[] {
  const { channel, context, providerName } = input;
  const url = channel.url ?? context.recipient.form_url;
  if (channel.kind === 'email') {
    const address = channel.address ?? context.recipient.address;
    if (address === undefined) throw new UserError('PACKET_NO_ADDRESS', `${providerName} channel "${channel.id}" has no email address`);
    return [`Send by email to: ${address}`];
  }
  if (url === undefined && channel.addressFrom === 'site-home') {
    return [`Open the site's home page, https://${context.site.host}/, and follow its report or contact link.`];
  }
  if (url === undefined) throw new UserError('PACKET_NO_URL', `${providerName} channel "${channel.id}" has no form or help page URL`);
  if (channel.kind === 'in-app') return [`Report inside the app. How, step by step: ${url}`];
  return [`Open the form: ${url}`];
}

function answers(input: PacketInput): string[] {
  const { channel, context, providerName } = input;
  if (channel.fields.length === 0) return [];
  const lines: string[] = ['## Answers, field by field', ''];
  const missing: string[] = [];
  channel.fields.forEach((field, i) => {
    const result = renderSnippetCollecting(field.answer, context);
    missing.push(...result.missing);
    lines.push(`${i + 1}. **${field.label}**`, '');
    lines.push(result.text === '' ? '   (leave empty)' : indent(fenced(result.text)));
    if (field.note !== undefined) lines.push('', `   ${field.note}`);
    lines.push('');
  });
  if (missing.length > 0) throw missingFieldsError(`the form answers for ${providerName} (${channel.id})`, 'provider definition', missing);
  return lines;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `   ${line}`))
    .join('\n');
}

/** The packet as Markdown; a channel that may disclose the reporter gets a warning as its first line. */
export function buildPacket(input: PacketInput): string {
  const { channel, context, notice, providerName } = input;
  const urls = context.urls.map((entry) => entry.url);
  const lines = [
    ...warningLine(channel),
    `# Filing packet: ${providerName}`,
    '',
    `Reference: ${context.notice.id}. Date: ${context.notice.date}.`,
    '',
    '## Where to file',
    '',
    ...whereToFile(input),
    ...(channel.note === undefined ? [] : ['', channel.note]),
    '',
    ...answers(input),
    `## URLs (${urls.length})`,
    '',
    fenced(urls.join('\n')),
    '',
    '## Notice text',
    '',
    channel.kind === 'email' ? 'Send this as the message.' : 'Paste this into the description box.',
    '',
    `Subject: ${notice.subject}`,
    '',
    fenced(notice.body.trimEnd()),
    '',
    '## After filing',
    '',
    `Note the ticket or reference number ${providerName} gives you, and record it against ${context.notice.id}.`,
    '',
  ];
  return lines.join('\n');
}
