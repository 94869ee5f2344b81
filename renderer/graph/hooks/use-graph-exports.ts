/**
 * Exports for reports (report-export.ts): PNG at 1x–4x or SVG with title, case, date, legend and the time
 * window, through the save dialog's grant and graph.exportImage (witness protection and the scan in main).
 */
import { Classes, Intent } from '@blueprintjs/core';
import { useState, type MutableRefObject } from 'react';
import type { OverviewResult } from '../../../shared/graph/analytics';
import type { CaseGraphSnapshot } from '../../../shared/graph/snapshot';
import { invoke } from '../../api/client';
import { svgToPngBase64, toBase64 } from '../../timeline/raster';
import { formatBytes } from '../../ui/format';
import type { useToast } from '../../ui/toaster';
import type { GraphController } from '../graph-controller';
import { timeWindow, type DisplayState, type FilterState } from '../graph-filters';
import type { ReportOptions } from '../report-dialog';
import { reportSvg, type ReportMeta } from '../report-export';
import { errorText } from './errors';

/** The PNG scale a quick export uses (the report dialog offers 1x–4x). */
const QUICK_PNG_SCALE = 2;

export interface ExportInputs {
  snapshot: CaseGraphSnapshot;
  ctl: MutableRefObject<GraphController | null>;
  filters: FilterState;
  display: DisplayState;
  overview: OverviewResult | null;
  kindsPresent: Set<string>;
  nodeCount: number;
  linkCount: number;
  toast: ReturnType<typeof useToast>;
}

export function useGraphExports(x: ExportInputs) {
  const { snapshot, ctl, toast } = x;
  const [reportOpen, setReportOpen] = useState(false);
  const [fileExportOpen, setFileExportOpen] = useState(false);
  const defaultTitle = `${snapshot.caseName} — network`;

  const reportMeta = (o: ReportOptions): ReportMeta => ({
    title: o.title,
    legend: o.legend,
    caseName: snapshot.caseName,
    date: new Date().toISOString().slice(0, 10),
    window: timeWindow(x.filters),
    timeMode: x.filters.timeMode,
    colourBy: x.display.colourBy,
    sizeBy: x.display.sizeBy,
    communities: x.overview?.summary.communitySizes ?? [],
    kindsPresent: x.kindsPresent,
    counts: `${x.nodeCount.toLocaleString('en-US')} entities · ${x.linkCount.toLocaleString('en-US')} links`,
  });
  const renderReport = (o: ReportOptions) => {
    const controller = ctl.current;
    if (!controller) return '';
    const bg = document.body.classList.contains(Classes.DARK) ? '#1c2127' : '#ffffff';
    return reportSvg(controller.cy, reportMeta(o), bg);
  };

  const exportImage = async (format: 'png' | 'svg', scale = QUICK_PNG_SCALE, o: ReportOptions = { title: defaultTitle, legend: true }) => {
    if (!ctl.current) return;
    const safe = snapshot.caseName.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-') || 'case';
    try {
      const { file: target } = await invoke('system.pickSavePath', { purpose: 'graph.exportImage', title: `Export the graph as ${format.toUpperCase()}`, defaultName: `${safe}-network.${format}` });
      if (!target) return;
      const svg = renderReport(o);
      const base64 = format === 'png' ? (await svgToPngBase64(svg, scale)).base64 : toBase64(new TextEncoder().encode(svg));
      // The save dialog has already asked about replacing an existing file.
      const r = await invoke('graph.exportImage', { caseId: snapshot.caseId, grant: target.grant, format, base64, overwrite: true });
      toast({ message: `Graph exported as ${format.toUpperCase()} (${formatBytes(r.bytes)}) to ${r.name}.`, intent: Intent.SUCCESS, icon: 'export' });
    } catch (e) {
      toast({ message: `Export failed: ${errorText(e)}`, intent: Intent.DANGER, icon: 'error' });
    }
  };

  return { defaultTitle, reportOpen, setReportOpen, fileExportOpen, setFileExportOpen, renderReport, exportImage };
}
