/**
 * `import { openArchive } from 'tollgate/archive'`: the results archive and
 * its history analysis, for reporters (the HTML report's history strips and
 * badges), the verdict query and user tooling.
 */
export type { Archive, ArchivedRun, ArchivedRunStatus, ArchivedTest, HistoryOptions, Line, RunFilter, RunIngest, TestHistoryEntry } from './archive.ts';
export type { BlobStore } from './blob-store.ts';
export { FileBlobStore, sha256 } from './blob-store.ts';
export { errorSignature } from './error-signature.ts';
export { importRunDirectory, type ImportResult } from './import-run.ts';
export { ArchiveOpenError, archiveUrl, openArchive, type OpenArchiveOptions } from './open-archive.ts';
export { openArchiveSink } from './archive-sink.ts';
export { metricHistory, queryMetricHistory, type MetricHistoryQuery, type MetricHistoryRun } from './metric-history.ts';
export { classifyFailure, testStats, type FailureClass, type TestStats } from './history.ts';
