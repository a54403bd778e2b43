/**
 * k6's threshold syntax (issue 5, item 3), parsed into data:
 *
 *   thresholds: {
 *     http_req_duration: ['p(95)<200', 'p(99)<500'],          // milliseconds, as in k6
 *     'http_req_duration{name:read}': ['p(99)<800us'],          // a tag filter; a unit suffix
 *     http_req_failed: [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '2s' }],
 *     http_reqs: ['count>1000'],
 *   }
 *
 * A bare number on a duration metric means milliseconds, as in k6, even
 * though tollgate records durations in microseconds; `us`, `µs`, `ms` and
 * `s` suffixes say it explicitly.
 */

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type ThresholdAggregation = 'p' | 'avg' | 'min' | 'max' | 'med' | 'count' | 'rate' | 'value';

export interface ThresholdObject {
  threshold: string;
  /** Stop the load as soon as this threshold fails (after delayAbortEval). */
  abortOnFail?: boolean;
  /** How long after the start aborting is not judged yet: '10s', '500ms' or milliseconds. */
  delayAbortEval?: string | number;
}

/** Metric key (with an optional `{tag:value,...}` filter) → its thresholds. */
export type ThresholdsConfig = Record<string, Array<string | ThresholdObject>>;

export interface ParsedThreshold {
  /** As written: 'http_req_duration{name:read}'. */
  key: string;
  metric: string;
  tags: Record<string, string>;
  /** As written: 'p(95)<200'. */
  expression: string;
  aggregation: ThresholdAggregation;
  /** For 'p': the percentile, 0-100. */
  percentile?: number;
  operator: ThresholdOperator;
  /** The number as written. */
  limit: number;
  /** 'us' | 'ms' | 's' when the expression had a unit suffix. */
  limitUnit?: 'us' | 'ms' | 's';
  abortOnFail: boolean;
  /** Milliseconds. */
  delayAbortEval: number;
}

export class ThresholdSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThresholdSyntaxError';
  }
}

const KEY = /^([A-Za-z_][\w.:-]*?)(?:\{([^}]*)\})?$/;
const EXPRESSION = /^\s*(p\(\s*(\d+(?:\.\d+)?)\s*\)|avg|min|max|med|count|rate|value)\s*(<=|>=|==|===|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*(us|µs|ms|s)?\s*$/;
const HELP = "expected AGGREGATION OPERATOR NUMBER, e.g. 'p(95)<200', 'avg<=150ms', 'rate<0.01', 'count>1000'; aggregations: p(N), avg, min, max, med, count, rate, value";

/** Parses every threshold of a config, collecting all problems before throwing one error that lists them. */
export function parseThresholds(config: ThresholdsConfig | undefined): ParsedThreshold[] {
  if (!config) return [];
  const parsed: ParsedThreshold[] = [];
  const problems: string[] = [];
  for (const [key, list] of Object.entries(config)) {
    if (!Array.isArray(list)) {
      problems.push(`thresholds["${key}"]: expected an array of expressions, got ${JSON.stringify(list)}`);
      continue;
    }
    list.forEach((entry, index) => {
      try {
        parsed.push(parseThreshold(key, entry));
      } catch (error) {
        problems.push(`thresholds["${key}"][${index}]: ${(error as Error).message}`);
      }
    });
  }
  if (problems.length) throw new ThresholdSyntaxError(`${problems.length} bad threshold(s):\n  ${problems.join('\n  ')}`);
  return parsed;
}

export function parseThreshold(key: string, entry: string | ThresholdObject): ParsedThreshold {
  const { metric, tags } = parseMetricKey(key);
  const object: ThresholdObject = typeof entry === 'string' ? { threshold: entry } : entry;
  if (!object || typeof object.threshold !== 'string') throw new ThresholdSyntaxError(`expected a string or { threshold: '...' }, got ${JSON.stringify(entry)}`);
  const match = EXPRESSION.exec(object.threshold);
  if (!match) throw new ThresholdSyntaxError(`cannot read "${object.threshold}": ${HELP}`);
  const [, aggregationText, percentileText, operatorText, numberText, unitText] = match;
  const percentile = percentileText === undefined ? undefined : Number(percentileText);
  if (percentile !== undefined && (percentile < 0 || percentile > 100)) throw new ThresholdSyntaxError(`"${object.threshold}": a percentile is between 0 and 100`);
  return {
    key,
    metric,
    tags,
    expression: object.threshold.trim(),
    aggregation: (percentile !== undefined ? 'p' : aggregationText) as ThresholdAggregation,
    ...(percentile !== undefined ? { percentile } : {}),
    operator: (operatorText === '===' ? '==' : operatorText) as ThresholdOperator,
    limit: Number(numberText),
    ...(unitText ? { limitUnit: unitText === 'µs' ? 'us' : (unitText as 'us' | 'ms' | 's') } : {}),
    abortOnFail: object.abortOnFail ?? false,
    delayAbortEval: parseDuration(object.delayAbortEval ?? 0, `"${object.threshold}" delayAbortEval`),
  };
}

/** 'http_req_duration{name:read,method:GET}' → metric and tag filter. */
export function parseMetricKey(key: string): { metric: string; tags: Record<string, string> } {
  const match = KEY.exec(key.trim());
  if (!match) throw new ThresholdSyntaxError(`"${key}" is not a metric name with an optional {tag:value} filter, e.g. http_req_duration{name:read}`);
  const tags: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf(':');
    if (at <= 0) throw new ThresholdSyntaxError(`"${key}": the tag filter "${pair}" must be name:value`);
    tags[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return { metric: match[1]!, tags };
}

/** '10s', '500ms', '2m' or a number of milliseconds → milliseconds. */
export function parseDuration(value: string | number, what: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(us|ms|s|m|h)?\s*$/.exec(String(value));
  if (!match) throw new ThresholdSyntaxError(`${what}: expected a duration like '10s', '500ms' or '2m', got ${JSON.stringify(value)}`);
  const factor = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 'ms') as 'ms'];
  return Number(match[1]) * factor;
}
