import { gunzipSync } from 'node:zlib';
import type { HtmlReportData } from './report-data.ts';

/**
 * The data embedded in a report file, read back in Node: for tests, and
 * for tools that want a saved report's results without a browser.
 */
export function readReportData(html: string): HtmlReportData {
  const match = html.match(/<script type="application\/json" id="tollgate-data" data-encoding="([\w-]+)">([^<]*)<\/script>/);
  if (!match) throw new Error('This file is not a tollgate HTML report: it has no <script id="tollgate-data"> block. Regenerate it with tollgate report RUN_DIR --reporter html.');
  const text = match[1] === 'gzip-base64' ? gunzipSync(Buffer.from(match[2], 'base64')).toString('utf8') : match[2];
  return JSON.parse(text) as HtmlReportData;
}
