/**
 * Export the network as a file for other tools: GraphML (networkx, Gephi, yEd) or GEXF (Gephi's timeline), with
 * the edge mode (directed, which networkx reads, or mixed, for Gephi and yEd) and the analytics. The view's
 * filters apply. Main writes the file the save dialog granted; a refusal for review shows the review panel.
 */
import { Button, Callout, Checkbox, Classes, Dialog, DialogBody, DialogFooter, Intent, Radio, RadioGroup } from '@blueprintjs/core';
import { useState } from 'react';
import type { ReviewDecisionInput } from '../../shared/errors';
import type { GraphFilters } from '../../shared/graph/snapshot';
import type { ResponseOf } from '../../shared/ipc/contract';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { FormError } from '../ui/fields';
import { groupedSha, plural } from '../ui/format';
import { ReviewPanel, reviewHitsOf } from '../ui/review-panel';
import { useOpenKey } from '../ui/use-open-key';

type Report = ResponseOf<'graph.exportGraphml'>;
export type GraphFileFormat = 'graphml' | 'gexf';
export type GraphEdgeMode = 'directed' | 'mixed';

const FORMATS: Record<GraphFileFormat, { label: string; ext: string; channel: 'graph.exportGraphml' | 'graph.exportGexf' }> = {
  graphml: { label: 'GraphML', ext: 'graphml', channel: 'graph.exportGraphml' },
  gexf: { label: 'GEXF', ext: 'gexf', channel: 'graph.exportGexf' },
};

function ExportBody({ caseId, caseName, filters, onClose }: { caseId: string; caseName: string; filters: GraphFilters; onClose: () => void }) {
  const [format, setFormat] = useState<GraphFileFormat>('graphml');
  const [edges, setEdges] = useState<GraphEdgeMode>('directed');
  const [analytics, setAnalytics] = useState(true);
  const [report, setReport] = useState<Report | null>(null);
  const f = FORMATS[format];
  const run = useAction(async (review?: ReviewDecisionInput[]) => {
    const safe = caseName.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-') || 'case';
    const { file } = await invoke('system.pickSavePath', { purpose: f.channel, title: `Export the network as ${f.label}`, defaultName: `${safe}-network.${f.ext}` });
    if (!file) return null;
    // The save dialog has already asked about replacing an existing file.
    return invoke(f.channel, { caseId, grant: file.grant, filters, analytics, edges, overwrite: true, ...(review ? { review } : {}) });
  });
  const hits = reviewHitsOf(run.error);
  const go = async (review?: ReviewDecisionInput[]) => {
    const r = await run.run(review);
    if (r?.ok && r.value) setReport(r.value);
  };

  return (
    <>
      <DialogBody>
        {report ? (
          <div className="export-report" data-testid="graph-export-report">
            <Callout intent={Intent.SUCCESS} icon="tick" title="Exported">
              {plural(report.nodes, 'entity', 'entities')} and {plural(report.edges, 'link')} written as {FORMATS[report.format].label} to <span className="mono path">{report.name}</span>.
            </Callout>
            <dl className="facts facts-compact">
              <dt>SHA-256 of the file</dt>
              <dd className="mono sha">{groupedSha(report.sha256)}</dd>
            </dl>
          </div>
        ) : (
          <>
            <p className="dialog-lead">
              Write the network of <strong>{caseName}</strong> as it is filtered in the view, for other tools. Witnesses appear under their pseudonym only. The file is not encrypted: store it
              accordingly.
            </p>
            <RadioGroup label="Format" selectedValue={format} onChange={(e) => setFormat(e.currentTarget.value as GraphFileFormat)} disabled={run.busy}>
              <Radio value="graphml" labelElement={<span>GraphML — networkx, Gephi, yEd</span>} />
              <Radio value="gexf" labelElement={<span>GEXF — Gephi, with the dates of links and events for its timeline</span>} />
            </RadioGroup>
            <RadioGroup label="Edges" selectedValue={edges} onChange={(e) => setEdges(e.currentTarget.value as GraphEdgeMode)} disabled={run.busy}>
              <Radio value="directed" labelElement={<span>All directed (networkx reads this; link_directed says which links have a direction)</span>} />
              <Radio value="mixed" labelElement={<span>Mixed directed and undirected (Gephi, yEd; networkx cannot read it)</span>} />
            </RadioGroup>
            <Checkbox checked={analytics} onChange={(e) => setAnalytics(e.currentTarget.checked)} disabled={run.busy} label="Add degree, centrality, community and core to the entities" />
            <p className={Classes.TEXT_MUTED}>
              Each link is its own edge; weight is the number of claims asserting it (at least 1). Degree counts parallel links each; degree_distinct counts the entities linked.
            </p>
            {hits ? <ReviewPanel hits={hits} busy={run.busy} onCancel={run.clearError} onSubmit={(decisions) => void go(decisions)} /> : <FormError error={run.error} />}
          </>
        )}
      </DialogBody>
      <DialogFooter
        actions={
          report ? (
            <Button intent={Intent.PRIMARY} text="Done" onClick={onClose} autoFocus />
          ) : (
            <>
              <Button text="Cancel" onClick={onClose} disabled={run.busy} />
              <Button intent={Intent.PRIMARY} icon="export" text="Choose file and export…" loading={run.busy} onClick={() => void go()} autoFocus disabled={!!hits} data-testid="graph-export-go" />
            </>
          )
        }
      />
    </>
  );
}

export function GraphExportDialog({ open, caseId, caseName, filters, onClose }: { open: boolean; caseId: string; caseName: string; filters: GraphFilters; onClose: () => void }) {
  const openKey = useOpenKey(open);
  return (
    <Dialog isOpen={open} onClose={onClose} title="Export the network" icon="export" canOutsideClickClose={false} className="form-dialog form-dialog-wide">
      {open ? <ExportBody caseId={caseId} caseName={caseName} filters={filters} onClose={onClose} key={openKey} /> : null}
    </Dialog>
  );
}
