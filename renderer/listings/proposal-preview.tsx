/**
 * The listing proposal as a document, rendered from the core's proposal (the same data the HTML and Word exports
 * are made from), so the preview and the printed PDF say what the export says. Witnesses are already replaced by
 * their pseudonyms in the data; nothing here can name one.
 */
import type { z } from 'zod';
import type { ListingProposalView } from '../../shared/ipc/channels/listing';
import { citationWarning } from '../../shared/catalog/types';

type Proposal = z.infer<typeof ListingProposalView>;
type Para = Proposal['statementOfCase'][number];

function Paragraphs({ items, empty }: { items: Para[]; empty: string }) {
  if (!items.length) return <p className="doc-empty">{empty}</p>;
  return (
    <ol>
      {items.map((p, i) => (
        <li key={`${p.claimId ?? 'p'}-${i}`} data-claim={p.claimId ?? undefined}>
          <span dir="auto">{p.text}</span> {p.refs.length ? <sup>[{p.refs.join(', ')}]</sup> : <sup className="doc-warn">[no evidence cited]</sup>}
        </li>
      ))}
    </ol>
  );
}

function Rows({ items }: { items: { label: string; value: string }[] }) {
  return (
    <table>
      <tbody>
        {items.map((i, n) => (
          <tr key={`${i.label}-${n}`}>
            <th scope="row">{i.label}</th>
            <td dir="auto">{i.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ProposalPreview({ p }: { p: Proposal }) {
  return (
    <article className="proposal-doc" aria-label="Proposal preview" data-testid="proposal-preview">
      <h1 dir="auto">{p.title}</h1>
      <p className="doc-meta">
        {p.regime.name} — {p.regime.body}
        <br />
        Drafted {p.generatedAt.slice(0, 10)} by <span dir="auto">{p.drafter}</span>. Confidential draft.
      </p>
      {p.notices.map((n) => (
        <p key={n} className="doc-notice">
          {n}
        </p>
      ))}
      <h2>1. Identifiers</h2>
      <Rows items={p.identifiers} />
      {p.aliases.length ? (
        <table className="doc-aliases">
          <thead>
            <tr>
              <th scope="col">Alias</th>
              <th scope="col">Quality</th>
            </tr>
          </thead>
          <tbody>
            {p.aliases.map((a, i) => (
              <tr key={`${a.value}-${i}`}>
                <td dir="auto">{a.value}</td>
                <td>
                  {a.quality}
                  {a.script && a.script !== 'latin' ? ` (${a.script} script)` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>2. Criteria invoked</h2>
      {p.criteria.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">Basis</th>
            </tr>
          </thead>
          <tbody>
            {p.criteria.map((c) => (
              <tr key={c.id}>
                <td>
                  <b>{c.id}</b> {c.title}
                  {c.status === 'partly' ? <span className="doc-warn"> (partly supported)</span> : null}
                  {c.note ? (
                    <>
                      <br />
                      <small>{c.note}</small>
                    </>
                  ) : null}
                </td>
                <td>
                  {c.citation}
                  {citationWarning(c.confidence) ? <span className="doc-warn"> [{citationWarning(c.confidence)}]</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="doc-empty">No criterion is supported.</p>
      )}
      <h2>3. Statement of case</h2>
      {p.introduction ? (
        <p dir="auto" className="doc-intro">
          {p.introduction}
        </p>
      ) : null}
      <Paragraphs items={p.statementOfCase} empty="No supporting claims." />
      <h2>4. Narrative summary of reasons for listing (releasable)</h2>
      <Paragraphs items={p.narrativeSummary} empty="No claim is marked releasable." />
      <h2>5. Links to listed parties</h2>
      {p.linkedListedParties.length ? (
        <ul>
          {p.linkedListedParties.map((l, i) => (
            <li key={i}>
              <span dir="auto">{l.relation}</span> ({l.pending.length ? <span className="doc-warn">pending screening match: {l.pending.join('; ')}</span> : l.references.join(', ')})
            </li>
          ))}
        </ul>
      ) : (
        <p className="doc-empty">None recorded.</p>
      )}
      <h2>6. Other items</h2>
      <Rows items={p.otherItems} />
      <h2>Evidence index</h2>
      {p.evidence.length ? (
        <table className="doc-evidence">
          <tbody>
            {p.evidence.map((e) => (
              <tr key={e.evidenceId}>
                <th scope="row">{e.label}</th>
                <td>
                  <span dir="auto">{e.title}</span> — {e.kind}, source <span dir="auto">{e.source ?? 'not recorded'}</span>, grade {e.grade}
                  <br />
                  <code>
                    id {e.evidenceId} · SHA-256 {e.sha256}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="doc-empty">No evidence cited.</p>
      )}
    </article>
  );
}
