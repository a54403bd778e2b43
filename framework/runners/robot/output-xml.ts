import type { BodyResult, Message, SuiteResult, TestResult } from './result.ts';
import { suiteStats } from './result.ts';
import { xmlSafeText } from '../../model/xml-text.ts';

/**
 * Writes Robot Framework's output.xml, schema version 5 (Robot 7), from a
 * result tree (issue 8, item 5): suites, tests, the keyword tree with
 * arguments, assignments, messages, timings and statuses, then statistics
 * and errors. Valid against robot-result.xsd; rebot and Jenkins' Robot
 * plugin read it.
 */

export interface OutputXmlOptions {
  generator?: string;
  /** Messages for <errors> (Robot's "Error in file ..."). */
  errors?: Message[];
}

function esc(text: string): string {
  // XML 1.0 cannot hold most control characters, U+FFFE, U+FFFF nor lone surrogates (issue 13).
  return xmlSafeText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join('');
}

/** Robot writes local times without a zone: 2024-01-01T10:00:00.123456. */
function time(iso: string): string {
  return iso.replace(/Z$/, '').replace(/(\.\d{3})$/, '$1000');
}

function status(s: { status: string; message: string; start: string; elapsed: number }): string {
  return `<status${attrs({ status: s.status, start: time(s.start), elapsed: s.elapsed.toFixed(6) })}>${esc(s.message)}</status>`;
}

function messages(list: Message[]): string {
  return list.map((m) => `<msg${attrs({ time: time(m.time), level: m.level })}${m.html ? ' html="true"' : ''}>${esc(m.text)}</msg>`).join('\n');
}

const TAGS: Record<string, string> = { kw: 'kw', for: 'for', iter: 'iter', if: 'if', branch: 'branch', try: 'try', while: 'while', group: 'group', variable: 'variable', return: 'return', break: 'break', continue: 'continue', error: 'error' };

function body(node: BodyResult, parentType?: string): string {
  const out: string[] = [];
  const tag = TAGS[node.type];
  switch (node.type) {
    case 'kw':
      out.push(`<kw${attrs({ name: node.name ?? '', owner: node.owner, source_name: node.sourceName, type: node.kwType })}>`);
      for (const a of node.assign) out.push(`<var>${esc(a)}</var>`);
      for (const a of node.args) out.push(`<arg>${esc(a)}</arg>`);
      if (node.doc) out.push(`<doc>${esc(node.doc)}</doc>`);
      for (const t of node.tags ?? []) out.push(`<tag>${esc(t)}</tag>`);
      break;
    case 'for':
      out.push(`<for${attrs({ flavor: node.attrs.flavor, start: node.attrs.start, mode: node.attrs.mode, fill: node.attrs.fill })}>`);
      break;
    case 'iter':
      out.push('<iter>');
      if (parentType === 'for') for (const [n, v] of node.iterVars ?? []) out.push(`<var${attrs({ name: n })}>${esc(v)}</var>`);
      break;
    case 'while':
      out.push(`<while${attrs({ condition: node.attrs.condition, limit: node.attrs.limit, on_limit: node.attrs.on_limit, on_limit_message: node.attrs.on_limit_message })}>`);
      break;
    case 'branch':
      out.push(`<branch${attrs({ type: node.attrs.type, condition: node.attrs.condition, pattern_type: node.attrs.pattern_type, assign: node.attrs.assign })}>`);
      for (const p of node.patterns ?? []) out.push(`<pattern>${esc(p)}</pattern>`);
      break;
    case 'group':
      // Robot leaves the attribute out for an anonymous group, as attrs() does for ''.
      out.push(`<group${attrs({ name: node.name })}>`);
      break;
    case 'variable':
      out.push(`<variable${attrs({ name: node.name, scope: node.attrs.scope, separator: node.attrs.separator })}>`);
      for (const v of node.values ?? []) out.push(`<var>${esc(v)}</var>`);
      break;
    case 'return':
      out.push('<return>');
      for (const v of node.values ?? []) out.push(`<value>${esc(v)}</value>`);
      break;
    case 'error':
      out.push('<error>');
      for (const v of node.values?.length ? node.values : ['']) out.push(`<value>${esc(v)}</value>`);
      break;
    default:
      out.push(`<${tag}>`);
  }
  // The schema lets <for> hold <iter>s (and <while> too) but no other body element directly.
  const children = node.body.filter((c) => !(node.type === 'for' || node.type === 'while') || c.type === 'iter' || c.type === 'kw');
  for (const child of children) out.push(body(child, node.type));
  if (node.type === 'for') {
    for (const v of node.assign) out.push(`<var>${esc(v)}</var>`);
    for (const v of node.values ?? []) out.push(`<value>${esc(v)}</value>`);
  }
  if (node.type === 'kw' && node.timeout) out.push(`<timeout${attrs({ value: node.timeout })}/>`);
  if (node.messages.length) out.push(messages(node.messages));
  out.push(status(node));
  out.push(`</${tag}>`);
  return out.join('\n');
}

function test(t: TestResult): string {
  const out = [`<test${attrs({ id: t.id, name: t.name, line: t.line })}>`];
  if (t.setup) out.push(body(t.setup));
  for (const node of t.body) out.push(body(node));
  if (t.teardown) out.push(body(t.teardown));
  if (t.doc) out.push(`<doc>${esc(t.doc)}</doc>`);
  for (const tag of t.tags) out.push(`<tag>${esc(tag)}</tag>`);
  if (t.timeout) out.push(`<timeout${attrs({ value: t.timeout })}/>`);
  out.push(status(t));
  out.push('</test>');
  return out.join('\n');
}

function suite(s: SuiteResult): string {
  const out = [`<suite${attrs({ id: s.id, name: s.name, source: s.source })}>`];
  if (s.setup) out.push(body(s.setup));
  for (const t of s.tests) out.push(test(t));
  for (const child of s.suites) out.push(suite(child));
  if (s.teardown) out.push(body(s.teardown));
  if (s.doc) out.push(`<doc>${esc(s.doc)}</doc>`);
  for (const [name, value] of s.metadata) out.push(`<meta${attrs({ name })}>${esc(value)}</meta>`);
  out.push(status(s));
  out.push('</suite>');
  return out.join('\n');
}

function tagStats(root: SuiteResult): string {
  const stats = new Map<string, { pass: number; fail: number; skip: number }>();
  const visit = (s: SuiteResult) => {
    for (const t of s.tests) {
      for (const tag of t.tags) {
        const entry = stats.get(tag) ?? { pass: 0, fail: 0, skip: 0 };
        if (t.status === 'PASS') entry.pass++;
        else if (t.status === 'FAIL') entry.fail++;
        else entry.skip++;
        stats.set(tag, entry);
      }
    }
    s.suites.forEach(visit);
  };
  visit(root);
  return [...stats.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([tag, v]) => `<stat${attrs({ pass: v.pass, fail: v.fail, skip: v.skip })}>${esc(tag)}</stat>`).join('\n');
}

function suiteStatsXml(s: SuiteResult, prefix = ''): string[] {
  const name = prefix ? `${prefix}.${s.name}` : s.name;
  const st = suiteStats(s);
  return [`<stat${attrs({ pass: st.passed, fail: st.failed, skip: st.skipped, id: s.id, name: s.name })}>${esc(name)}</stat>`, ...s.suites.flatMap((c) => suiteStatsXml(c, name))];
}

export function toOutputXml(root: SuiteResult, options: OutputXmlOptions = {}): string {
  const total = suiteStats(root);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<robot${attrs({ generator: options.generator ?? 'tollgate robot-framework-ts-adapter', generated: time(new Date().toISOString()), rpa: root.rpa ? 'true' : 'false', schemaversion: 5 })}>`,
    suite(root),
    '<statistics>',
    '<total>',
    `<stat${attrs({ pass: total.passed, fail: total.failed, skip: total.skipped })}>All Tests</stat>`,
    '</total>',
    '<tag>',
    tagStats(root),
    '</tag>',
    '<suite>',
    ...suiteStatsXml(root),
    '</suite>',
    '</statistics>',
    '<errors>',
    messages(options.errors ?? []),
    '</errors>',
    '</robot>',
    '',
  ].filter((l) => l !== '').join('\n') + '\n';
}
