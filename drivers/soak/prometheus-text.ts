/**
 * A reader of Prometheus' text exposition format (version 0.0.4), enough to
 * watch a system under test: samples with labels, comments and TYPE/HELP
 * lines skipped, optional timestamps ignored. No npm parser is installed
 * (prom-client only writes the format), so this one is small and tested
 * (test/soak-criteria.test.ts).
 */

export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/;

export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const value = parseValue(match[4]!);
    if (value === undefined) continue;
    samples.push({ name: match[1]!, labels: match[3] ? parseLabels(match[3]) : {}, value });
  }
  return samples;
}

/** The value of the first sample of `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(samples: readonly PrometheusSample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

function parseValue(text: string): number | undefined {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/** `a="x",b="y \"q\""`: values are quoted, with \\, \" and \n escaped. */
function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pair = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;
  let match: RegExpExecArray | null;
  while ((match = pair.exec(text))) {
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}
