/**
 * Tag expressions select tests by their tags: `api and not slow`,
 * `(smoke or api) and not @flaky`. The same parser serves `--tag`, gates'
 * `tags` in the config, and config validation, so the three never disagree.
 *
 * Grammar (precedence: not > and > or, as in boolean algebra):
 *
 *   or      := and ('or' and)*
 *   and     := unary ('and' unary)*
 *   unary   := 'not' unary | primary
 *   primary := '(' or ')' | TAG
 *
 * Operators are case-insensitive. A tag may carry a leading '@', which is
 * stripped: tests store tags without it (see TestCase.tags). Tags compare
 * case-sensitively, as they are written.
 */

export interface TagExpression {
  /** The text as written. */
  readonly source: string;
  /** Every tag the expression mentions, without '@', in order of first use. */
  readonly tags: readonly string[];
  /** True when a test with these tags (with or without '@') is selected. */
  matches(tags: readonly string[]): boolean;
}

export class TagExpressionError extends Error {
  override name = 'TagExpressionError';
  constructor(
    readonly source: string,
    /** 1-based column where the problem is. */
    readonly column: number,
    /** What went wrong, without the source or position: `expected a tag after "and"`. */
    readonly detail: string,
  ) {
    super(`tag expression "${source}": ${detail} at column ${column}`);
  }
}

type Node =
  | { type: 'tag'; name: string }
  | { type: 'not'; operand: Node }
  | { type: 'and' | 'or'; left: Node; right: Node };

type TokenType = 'tag' | 'and' | 'or' | 'not' | '(' | ')' | 'end';
interface Token {
  type: TokenType;
  text: string;
  /** 1-based. */
  column: number;
}

const KEYWORDS = new Set(['and', 'or', 'not']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      tokens.push({ type: ch, text: ch, column: i + 1 });
      i++;
      continue;
    }
    const start = i;
    while (i < source.length && !/[\s()]/.test(source[i]!)) i++;
    const text = source.slice(start, i);
    const lower = text.toLowerCase();
    const type: TokenType = KEYWORDS.has(lower) ? (lower as TokenType) : 'tag';
    tokens.push({ type, text, column: start + 1 });
  }
  tokens.push({ type: 'end', text: '', column: source.length + 1 });
  return tokens;
}

function describe(token: Token): string {
  return token.type === 'end' ? 'the end' : `"${token.text}"`;
}

class Parser {
  private pos = 0;
  readonly tags: string[] = [];

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Node {
    const node = this.parseOr(null);
    const next = this.peek();
    if (next.type !== 'end') {
      if (next.type === ')') this.fail(next, `unexpected ")" with no matching "("`);
      this.fail(next, `expected "and" or "or" before ${describe(next)}`);
    }
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos]!;
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  private fail(token: Token, detail: string): never {
    throw new TagExpressionError(this.source, token.column, detail);
  }

  /** `after` names the operator or parenthesis that made an operand necessary, for the message. */
  private parseOr(after: Token | null): Node {
    let left = this.parseAnd(after);
    while (this.peek().type === 'or') {
      const op = this.next();
      left = { type: 'or', left, right: this.parseAnd(op) };
    }
    return left;
  }

  private parseAnd(after: Token | null): Node {
    let left = this.parseUnary(after);
    while (this.peek().type === 'and') {
      const op = this.next();
      left = { type: 'and', left, right: this.parseUnary(op) };
    }
    return left;
  }

  private parseUnary(after: Token | null): Node {
    if (this.peek().type === 'not') {
      const op = this.next();
      return { type: 'not', operand: this.parseUnary(op) };
    }
    return this.parsePrimary(after);
  }

  private parsePrimary(after: Token | null): Node {
    const token = this.peek();
    if (token.type === '(') {
      this.next();
      const inner = this.parseOr(token);
      const close = this.peek();
      if (close.type !== ')') {
        this.fail(close, `expected ")" to close the "(" at column ${token.column}, found ${describe(close)}`);
      }
      this.next();
      return inner;
    }
    if (token.type === 'tag') {
      this.next();
      const name = token.text.startsWith('@') ? token.text.slice(1) : token.text;
      if (name === '') this.fail(token, 'expected a tag name after "@"');
      if (!this.tags.includes(name)) this.tags.push(name);
      return { type: 'tag', name };
    }
    const where = after ? ` after "${after.text}"` : '';
    const found = token.type === 'end' ? '' : `, found ${describe(token)}`;
    this.fail(token, `expected a tag${where}${found}`);
  }
}

function evaluate(node: Node, tags: ReadonlySet<string>): boolean {
  switch (node.type) {
    case 'tag':
      return tags.has(node.name);
    case 'not':
      return !evaluate(node.operand, tags);
    case 'and':
      return evaluate(node.left, tags) && evaluate(node.right, tags);
    case 'or':
      return evaluate(node.left, tags) || evaluate(node.right, tags);
  }
}

/**
 * Parses a tag expression once; `matches` can then be called per test.
 *
 * @example
 *   parseTagExpression('api and not @slow').matches(['api'])          // true
 *   parseTagExpression('api and').matches                               // throws TagExpressionError
 */
export function parseTagExpression(source: string): TagExpression {
  const parser = new Parser(source, tokenize(source));
  const root = parser.parse();
  const tags = Object.freeze([...parser.tags]);
  return Object.freeze({
    source,
    tags,
    matches(testTags: readonly string[]): boolean {
      return evaluate(root, new Set(testTags.map((t) => (t.startsWith('@') ? t.slice(1) : t))));
    },
  });
}
