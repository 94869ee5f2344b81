/** Long work started from the renderer (intake, import): a fresh job id, and its progress from `job.progress`. */
import { useState } from 'react';
import type { EventOf } from '../../shared/ipc/contract';
import { useEvent } from './hooks';

export type JobProgress = EventOf<'job.progress'>;

export function newJobId(prefix = 'job'): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The latest progress event for `jobId` (null before the first one, or when no job is running). */
export function useJobProgress(jobId: string | null): JobProgress | null {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [forJob, setForJob] = useState<string | null>(null);
  if (forJob !== jobId) {
    setForJob(jobId);
    setProgress(null);
  }
  useEvent('job.progress', (p) => {
    if (jobId && p.jobId === jobId) setProgress(p);
  });
  return progress;
}

/** 0..1 for a progress bar, or undefined (indeterminate) when the total is unknown. */
export function progressFraction(p: JobProgress | null): number | undefined {
  if (!p || p.total === null || p.total <= 0) return p && p.total === 0 ? 1 : undefined;
  return Math.min(1, Math.max(0, p.done / p.total));
}
