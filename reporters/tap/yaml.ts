/**
 * The YAML that TAP diagnostics need: mappings, sequences, scalars. Text
 * that reads well as a block (diffs, snippets, stacks) is written as a
 * literal block; anything with control characters is double-quoted, which
 * YAML reads with JSON's escapes.
 */
export type YamlValue = string | number | boolean | null | undefined | YamlValue[] | { [key: string]: YamlValue };

// Printable text plus tab and newline: safe inside a literal block.
const BLOCK_SAFE = /^[^\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF\uFEFF]*$/;

// Words, paths and sentences without YAML punctuation read as themselves unquoted.
const PLAIN_SAFE = /^[A-Za-z_][\w .\/-]*[\w./]$|^[A-Za-z_]$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n)$/i;

export function toYaml(value: { [key: string]: YamlValue }, indent = 0): string[] {
  return mapping(value, indent);
}

function mapping(value: { [key: string]: YamlValue }, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (isMapping(item)) {
      const inner = mapping(item, indent + 2);
      lines.push(inner.length > 0 ? `${pad}${key}:` : `${pad}${key}: {}`, ...inner);
    } else if (Array.isArray(item)) {
      lines.push(item.length > 0 ? `${pad}${key}:` : `${pad}${key}: []`, ...sequence(item, indent + 2));
    } else {
      lines.push(...scalar(`${pad}${key}:`, item, indent + 2));
    }
  }
  return lines;
}

function sequence(items: YamlValue[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const item of items) {
    if (item === undefined) continue;
    if (isMapping(item)) {
      const inner = mapping(item, indent + 2);
      if (inner.length === 0) lines.push(`${pad}- {}`);
      else lines.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1));
    } else if (Array.isArray(item)) {
      lines.push(`${pad}-`, ...sequence(item, indent + 2));
    } else {
      lines.push(...scalar(`${pad}-`, item, indent + 2));
    }
  }
  return lines;
}

function scalar(head: string, value: string | number | boolean | null, indent: number): string[] {
  if (value === null) return [`${head} null`];
  if (typeof value !== 'string') return [`${head} ${Number.isFinite(value) || typeof value === 'boolean' ? String(value) : JSON.stringify(String(value))}`];
  if (PLAIN_SAFE.test(value) && !RESERVED.test(value)) return [`${head} ${value}`];
  if (!value.includes('\n') || !BLOCK_SAFE.test(value)) return [`${head} ${JSON.stringify(value)}`];
  // Literal block. The chomping indicator keeps trailing newlines exactly;
  // the indentation indicator is needed when the text starts with a space;
  // empty lines keep the indentation, because a TAP parser ends the YAML
  // block at the first line that is not indented.
  const chomp = value.endsWith('\n\n') ? '+' : value.endsWith('\n') ? '' : '-';
  const body = chomp === '-' ? value : value.slice(0, -1);
  const indicator = body.startsWith(' ') ? '2' : '';
  const pad = ' '.repeat(indent);
  return [`${head} |${indicator}${chomp}`, ...body.split('\n').map((line) => pad + line)];
}

function isMapping(value: YamlValue): value is { [key: string]: YamlValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
