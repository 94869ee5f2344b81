/**
 * "For a report": the graph exported with title, case, date, legend and time window (report-export.ts), as
 * PNG at 1x–4x or as SVG, and a print view for briefings (the same picture on its own page; the print style
 * sheet hides the rest of the app).
 */
import { Button, Callout, Checkbox, Classes, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, Intent, Radio, RadioGroup } from '@blueprintjs/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { svgSize, usableScale } from '../timeline/raster';
import './report.css';

export interface ReportOptions {
  title: string;
  legend: boolean;
}

export function ReportDialog({
  isOpen,
  onClose,
  defaultTitle,
  render,
  onExport,
}: {
  isOpen: boolean;
  onClose: () => void;
  defaultTitle: string;
  /** The report SVG for these options (drawn from the graph as it is now). */
  render: (o: ReportOptions) => string;
  onExport: (format: 'png' | 'svg', scale: number, o: ReportOptions) => Promise<void>;
}) {
  const [title, setTitle] = useState(defaultTitle);
  const [legend, setLegend] = useState(true);
  const [format, setFormat] = useState<'png' | 'svg'>('png');
  const [scale, setScale] = useState(2);
  const [busy, setBusy] = useState(false);
  const [print, setPrint] = useState<string | null>(null);
  useEffect(() => {
    if (isOpen) setTitle(defaultTitle);
  }, [isOpen, defaultTitle]);
  const opts = { title: title.trim() || defaultTitle, legend };
  // The picture's size does not depend on the title: drawn once per opening (and legend choice), not per keystroke.
  const renderRef = useRef(render);
  renderRef.current = render;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `render` and the title change every render; the size does not
  const size = useMemo(() => (isOpen ? svgSize(renderRef.current({ title: defaultTitle, legend })) : { width: 0, height: 0 }), [isOpen, legend]);
  const used = usableScale(size.width, size.height, scale);

  const openPrint = () => {
    const url = URL.createObjectURL(new Blob([render(opts)], { type: 'image/svg+xml' }));
    setPrint(url);
  };
  const closePrint = () => {
    if (print) URL.revokeObjectURL(print);
    setPrint(null);
  };

  return (
    <>
      <Dialog isOpen={isOpen && !print} onClose={onClose} title="Export the graph for a report" icon="document-share">
        <DialogBody>
          <FormGroup label="Title" labelFor="report-title">
            <InputGroup dir="auto" id="report-title" value={title} onValueChange={setTitle} maxLength={200} />
          </FormGroup>
          <p className={Classes.TEXT_MUTED}>The picture carries the case name, today's date and the time window; witnesses appear under their pseudonym only.</p>
          <Checkbox label="Include the legend" checked={legend} onChange={(e) => setLegend(e.currentTarget.checked)} />
          <RadioGroup label="Format" inline selectedValue={format} onChange={(e) => setFormat(e.currentTarget.value as 'png' | 'svg')}>
            <Radio label="PNG (picture)" value="png" />
            <Radio label="SVG (vector, for editing)" value="svg" />
          </RadioGroup>
          {format === 'png' ? (
            <RadioGroup label="Resolution" inline selectedValue={String(scale)} onChange={(e) => setScale(Number(e.currentTarget.value))}>
              {[1, 2, 3, 4].map((s) => (
                <Radio key={s} label={`${s}x (${Math.round(size.width * Math.min(s, usableScale(size.width, size.height, s)))} × ${Math.round(size.height * Math.min(s, usableScale(size.width, size.height, s)))} px)`} value={String(s)} />
              ))}
            </RadioGroup>
          ) : null}
          {format === 'png' && used < scale ? <Callout intent="warning">This network is too large for {scale}x; it will be written at {used.toFixed(1)}x.</Callout> : null}
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button icon="print" text="Print view" onClick={openPrint} data-testid="report-print-view" />
              <Button
                intent={Intent.PRIMARY}
                icon="export"
                loading={busy}
                text={`Export ${format.toUpperCase()}…`}
                data-testid="report-export"
                onClick={() => {
                  setBusy(true);
                  void onExport(format, scale, opts).finally(() => setBusy(false));
                }}
              />
            </>
          }
        />
      </Dialog>
      {print ? (
        <div className="report-print" role="dialog" aria-label="Print view" data-testid="report-print">
          <div className="report-print-actions">
            <Button intent={Intent.PRIMARY} icon="print" text="Print" onClick={() => window.print()} />
            <Button icon="cross" text="Close the print view" onClick={closePrint} />
          </div>
          <img src={print} alt={opts.title} className="report-print-image" />
        </div>
      ) : null}
    </>
  );
}
