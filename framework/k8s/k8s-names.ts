import { createHash } from 'node:crypto';

/**
 * Kubernetes object names from a run id. A Job's name is also the
 * value of its pods' `job-name` label, so it must be a DNS-1123 label of at
 * most 63 characters; an Indexed Job's pod hostnames append `-<index>`.
 * Names keep some room for the suffixes below.
 */

const MAX_BASE = 48;

/**
 * `tollgate-<run id>` (a run id names one run of one gate) made DNS-1123-safe (lower case, [a-z0-9-],
 * alphanumeric at both ends). When that changed or shortened the text, a
 * short hash of the original is appended, so two run ids that differ only in
 * case or punctuation do not share a name.
 */
export function baseName(runId: string): string {
  const wanted = `tollgate-${runId}`;
  const clean = wanted.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (clean === wanted && clean.length <= MAX_BASE) return clean;
  const hash = createHash('sha256').update(wanted).digest('hex').slice(0, 6);
  return `${clean.slice(0, MAX_BASE - hash.length - 1).replace(/-$/, '')}-${hash}`;
}

/** A label value: at most 63 of [A-Za-z0-9._-], alphanumeric at both ends; else null (put it in an annotation). */
export function labelValue(text: string): string | null {
  return /^([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)$/.test(text) ? text : null;
}

/** A ConfigMap or Secret key: [-._a-zA-Z0-9]+. */
export function isDataKey(text: string): boolean {
  return /^[-._a-zA-Z0-9]+$/.test(text) && text.length <= 253;
}

/** A DNS-1123 subdomain, as Secret and ConfigMap names must be. */
export function isSubdomain(text: string): boolean {
  return text.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(text);
}

/** A DNS-1123 label, as namespaces must be. */
export function isLabel(text: string): boolean {
  return text.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(text);
}

/**
 * A run id that is also a clean object name: `<gate>-<UTC yyyymmdd-hhmmss>`,
 * e.g. deploy-20260301-221500.
 */
export function defaultRunId(gate: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  const clean = gate.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
  return `${clean}-${stamp}`;
}
