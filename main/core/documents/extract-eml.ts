/**
 * E-mail (.eml, RFC 5322/MIME) with mailparser: headers, the text body (or the HTML body as text), and the
 * attachments as separate byte buffers with their names and media types, each to become its own evidence item.
 * Nothing in the message is fetched or run.
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { SanctumError } from '../errors';
import { tidy } from './charset';
import { htmlToText } from './extract-html';
import { LIMITS, type ExtractedAttachment, type ExtractResult } from './types';

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  if (!a) return [];
  return (Array.isArray(a) ? a : [a]).flatMap((o) => o.value.map((v) => (v.name ? `${v.name} <${v.address ?? ''}>` : (v.address ?? '')))).filter(Boolean);
}

/** A message must at least look like one: a header block with a From, To, Subject or Date field. */
function looksLikeMessage(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 16_384)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = end >= 0 ? head.slice(0, end) : head;
  return /^[\x21-\x39\x3b-\x7e]+:/.test(block) && /^(?:from|to|subject|date|message-id):/im.test(block);
}

export async function extractEml(bytes: Uint8Array): Promise<ExtractResult> {
  if (!looksLikeMessage(bytes)) throw new SanctumError('UNSUPPORTED_FORMAT', 'this is not an e-mail message (no From, To, Subject or Date header)');
  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { skipImageLinks: true, skipTextLinks: true });
  } catch (e) {
    throw new SanctumError('UNSUPPORTED_FORMAT', `this e-mail cannot be read: ${(e as Error).message ?? String(e)}`);
  }
  const warnings: string[] = [];
  let body = mail.text ? tidy(mail.text) : typeof mail.html === 'string' ? htmlToText(mail.html) : '';
  if (body.length > LIMITS.pageChars) {
    body = body.slice(0, LIMITS.pageChars);
    warnings.push(`the body was cut at ${LIMITS.pageChars} characters`);
  }
  const all = mail.attachments ?? [];
  if (all.length > LIMITS.attachments) warnings.push(`only the first ${LIMITS.attachments} of ${all.length} attachments were taken`);
  const attachments: ExtractedAttachment[] = all.slice(0, LIMITS.attachments).map((a, i) => ({
    name: (a.filename ?? '').replace(/[/\\\0]/g, '_').trim().slice(0, 1000) || `attachment-${i + 1}`,
    mediaType: (a.contentType || 'application/octet-stream').slice(0, 200),
    data: new Uint8Array(a.content),
  }));
  const header = [
    `From: ${addresses(mail.from).join(', ')}`,
    `To: ${addresses(mail.to).join(', ')}`,
    ...(mail.cc ? [`Cc: ${addresses(mail.cc).join(', ')}`] : []),
    `Subject: ${mail.subject ?? ''}`,
    ...(mail.date ? [`Date: ${mail.date.toISOString()}`] : []),
  ].join('\n');
  return {
    status: 'extracted',
    pages: [{ page: 1, method: 'email', text: `${header}\n\n${body}`.trim() }],
    email: {
      from: addresses(mail.from).join(', ').slice(0, 2000),
      to: addresses(mail.to).map((s) => s.slice(0, 2000)),
      cc: addresses(mail.cc).map((s) => s.slice(0, 2000)),
      subject: (mail.subject ?? '').slice(0, 2000),
      ...(mail.date && !Number.isNaN(mail.date.getTime()) ? { date: mail.date.toISOString() } : {}),
      ...(mail.messageId ? { messageId: mail.messageId.slice(0, 1000) } : {}),
    },
    attachments,
    extractor: 'mailparser',
    warnings,
  };
}
