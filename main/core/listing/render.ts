/**
 * Renderings of a listing proposal: a self-contained, printable HTML file (print it to PDF from the app, or open
 * it anywhere) and a Word document. Both carry the evidence index with SHA-256 hashes.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph as DocxParagraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ListingProposal, Paragraph } from './proposal';
import { citationWarning } from '../../../shared/catalog/types';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `dir="auto"` on every piece of user text so Arabic names run right to left inside English prose. */
const t = (s: string) => `<span dir="auto">${esc(s)}</span>`;

function paras(ps: Paragraph[], empty: string): string {
  if (!ps.length) return `<p class="empty">${esc(empty)}</p>`;
  return `<ol>${ps.map((p) => `<li>${t(p.text)}${p.refs.length ? ` <sup>[${p.refs.join(', ')}]</sup>` : ' <sup class="warn">[no evidence cited]</sup>'}</li>`).join('')}</ol>`;
}

export function proposalToHtml(p: ListingProposal): string {
  const rows = (items: { label: string; value: string }[]) => items.map((i) => `<tr><th>${esc(i.label)}</th><td>${t(i.value)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(p.title)}</title>
<style>
body{font:11pt/1.45 "Noto Sans","DejaVu Sans",Arial,sans-serif;max-width:48em;margin:2em auto;color:#111}
h1{font-size:16pt;margin-bottom:.2em} h2{font-size:12.5pt;border-bottom:1px solid #999;margin-top:1.6em}
table{border-collapse:collapse;width:100%} th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top;text-align:left}
th{width:30%;background:#f3f3f3;font-weight:600} .meta{color:#555} .empty{color:#777;font-style:italic}
.warn{color:#a00} .notice{background:#fff6e0;border-left:4px solid #d29a00;padding:.4em .7em;margin:.3em 0}
code{font-size:9pt;word-break:break-all} @media print{body{margin:0}}
</style></head><body>
<h1>${t(p.title)}</h1>
<p class="meta">${esc(p.regime.name)} — ${esc(p.regime.body)}<br>Drafted ${esc(p.generatedAt.slice(0, 10))} by ${t(p.drafter)}. Confidential draft.</p>
${p.notices.map((n) => `<p class="notice">${esc(n)}</p>`).join('')}
<h2>1. Identifiers</h2><table>${rows(p.identifiers)}</table>
${p.aliases.length ? `<table><tr><th>Alias</th><th>Quality</th></tr>${p.aliases.map((a) => `<tr><td>${t(a.value)}</td><td>${a.quality}${a.script && a.script !== 'latin' ? ` (${esc(a.script)} script)` : ''}</td></tr>`).join('')}</table>` : ''}
<h2>2. Criteria invoked</h2>
${p.criteria.length ? `<table><tr><th>Criterion</th><th>Basis</th></tr>${p.criteria.map((c) => `<tr><td><b>${esc(c.id)}</b> ${esc(c.title)}${c.status === 'partly' ? ' <span class="warn">(partly supported)</span>' : ''}${c.note ? `<br><small>${esc(c.note)}</small>` : ''}</td><td>${esc(c.citation)}${citationWarning(c.confidence) ? ` <span class="warn">[${esc(citationWarning(c.confidence)!)}]</span>` : ''}</td></tr>`).join('')}</table>` : '<p class="empty">No criterion is supported.</p>'}
<h2>Measures requested</h2>
${p.measures.length ? `<table>${p.measures.map((m) => `<tr><th>${esc(m.label)}</th><td>${esc(m.citation)}</td></tr>`).join('')}</table>` : '<p class="empty">None: no criterion is met.</p>'}
<h2>3. Statement of case</h2>
${p.introduction ? `<p>${t(p.introduction)}</p>` : ''}
<h3>3a. Releasable</h3>
${paras(p.statementOfCase.filter((x) => x.releasable), 'No releasable part.')}
<h3>3b. Confidential</h3>
${paras(p.statementOfCase.filter((x) => !x.releasable), 'No confidential part.')}
<h2>4. Narrative summary of reasons for listing (releasable)</h2>
${paras(p.narrativeSummary, 'No claim is marked releasable.')}
<h2>5. Links to listed parties</h2>
${p.linkedListedParties.length ? `<ul>${p.linkedListedParties.map((l) => `<li>${t(l.relation)} (${l.pending.length ? `<span class="warn">pending screening match: ${t(l.pending.join('; '))}</span>` : esc(l.references.join(', '))})</li>`).join('')}</ul>` : '<p class="empty">None recorded.</p>'}
<h2>6. Other items</h2><table>${rows(p.otherItems)}</table>
<h2>Evidence index</h2>
<table><tr><th>Ref</th><th>Item</th></tr>${p.evidence.map((e) => `<tr><td>${e.label}</td><td>${t(e.title)} — ${esc(e.nature)}, source ${t(e.source ?? 'not recorded')}, grade ${esc(e.grade)}; ${esc(e.supply)}<br><code>id ${e.evidenceId} · SHA-256 ${e.sha256}</code></td></tr>`).join('')}</table>
</body></html>
`;
}

export async function proposalToDocx(p: ListingProposal): Promise<Buffer> {
  const h = (text: string) => new DocxParagraph({ text, heading: HeadingLevel.HEADING_2 });
  const para = (text: string, opts: { italics?: boolean } = {}) => new DocxParagraph({ children: [new TextRun({ text, ...opts })] });
  const table = (rows: [string, string][]) =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: rows.map(
        ([a, b]) =>
          new TableRow({
            children: [
              new TableCell({ width: { size: 30, type: WidthType.PERCENTAGE }, children: [new DocxParagraph({ children: [new TextRun({ text: a, bold: true })] })] }),
              new TableCell({ children: [new DocxParagraph(b)] }),
            ],
          }),
      ),
    });
  const numbered = (ps: Paragraph[], empty: string) =>
    ps.length ? ps.map((x, i) => para(`${i + 1}. ${x.text}${x.refs.length ? ` [${x.refs.join(', ')}]` : ' [no evidence cited]'}`)) : [para(empty, { italics: true })];
  const doc = new Document({
    creator: 'Sanctum',
    title: p.title,
    sections: [
      {
        children: [
          new DocxParagraph({ text: p.title, heading: HeadingLevel.HEADING_1, alignment: AlignmentType.LEFT }),
          para(`${p.regime.name} — ${p.regime.body}. Drafted ${p.generatedAt.slice(0, 10)} by ${p.drafter}. Confidential draft.`, { italics: true }),
          ...p.notices.map((n) => para(`Note: ${n}`, { italics: true })),
          h('1. Identifiers'),
          table(p.identifiers.map((i) => [i.label, i.value])),
          ...(p.aliases.length ? [para(''), table(p.aliases.map((a) => [a.value, `${a.quality} quality${a.script && a.script !== 'latin' ? `, ${a.script} script` : ''}`]))] : []),
          h('2. Criteria invoked'),
          ...(p.criteria.length
            ? [table(p.criteria.map((c) => [`${c.id} ${c.title}${c.status === 'partly' ? ' (partly supported)' : ''}`, `${c.citation}${citationWarning(c.confidence) ? ` [${citationWarning(c.confidence)}]` : ''}${c.note ? ` — ${c.note}` : ''}`]))]
            : [para('No criterion is supported.', { italics: true })]),
          h('Measures requested'),
          ...(p.measures.length ? [table(p.measures.map((m) => [m.label, m.citation]))] : [para('None: no criterion is met.', { italics: true })]),
          h('3. Statement of case'),
          ...(p.introduction ? [para(p.introduction)] : []),
          para('3a. Releasable', { italics: true }),
          ...numbered(p.statementOfCase.filter((x) => x.releasable), 'No releasable part.'),
          para('3b. Confidential', { italics: true }),
          ...numbered(p.statementOfCase.filter((x) => !x.releasable), 'No confidential part.'),
          h('4. Narrative summary of reasons for listing (releasable)'),
          ...numbered(p.narrativeSummary, 'No claim is marked releasable.'),
          h('5. Links to listed parties'),
          ...(p.linkedListedParties.length ? p.linkedListedParties.map((l) => para(`${l.relation} (${l.pending.length ? `pending screening match: ${l.pending.join('; ')}` : l.references.join(', ')})`)) : [para('None recorded.', { italics: true })]),
          h('6. Other items'),
          table(p.otherItems.map((i) => [i.label, i.value])),
          h('Evidence index'),
          table(p.evidence.map((e) => [e.label, `${e.title} — ${e.nature}, source ${e.source ?? 'not recorded'}, grade ${e.grade}; ${e.supply}; id ${e.evidenceId}; SHA-256 ${e.sha256}`])),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
