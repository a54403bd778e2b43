import { xmlSafeText } from 'tollgate/reporter';
import { stripAnsi } from '../shared/test-facts.ts';

/**
 * Just enough XML writing for the JUnit report. Test output is arbitrary:
 * colour codes, NUL bytes and lone surrogates are common in it, and XML 1.0
 * forbids most control characters even when escaped, so they are written as
 * visible `\uXXXX` text instead of breaking the file (xmlSafeText, shared
 * with Robot's output.xml).
 */

export function sanitizeXmlText(text: string): string {
  return xmlSafeText(stripAnsi(text));
}

export function escapeText(text: string): string {
  return sanitizeXmlText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values keep their line breaks and tabs only as character references (parsers normalise raw ones to spaces). */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

export type Attrs = Record<string, string | number | null | undefined>;

function renderAttrs(attrs: Attrs): string {
  return Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null)
    .map(([name, value]) => ` ${name}="${escapeAttr(String(value))}"`)
    .join('');
}

/** An element with either child elements or text content (mixed content is not needed here). */
export interface XmlNode {
  name: string;
  attrs?: Attrs;
  children?: XmlNode[];
  text?: string;
}

/**
 * Child elements are indented two spaces per level; text content is written
 * as it is, because indenting it would change the value.
 */
export function renderXml(node: XmlNode, depth = 0): string {
  const pad = '  '.repeat(depth);
  const open = `${pad}<${node.name}${renderAttrs(node.attrs ?? {})}`;
  if (node.children && node.children.length > 0) {
    return `${open}>\n${node.children.map((c) => renderXml(c, depth + 1)).join('\n')}\n${pad}</${node.name}>`;
  }
  if (node.text) return `${open}>${escapeText(node.text)}</${node.name}>`;
  return `${open}/>`;
}
