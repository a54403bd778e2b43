/**
 * The portal driver as a Robot Framework keyword library (issue 8, item 3),
 * in the spirit of the Browser library: the system's Chromium through
 * playwright-core, Playwright selectors (`text=Save`, `css=.row`, `id=name`,
 * `data-testid=x` ...), and getters that can assert (`Get Text    h1    ==    Slices`).
 *
 *   *** Settings ***
 *   Library    Portal
 *
 *   *** Test Cases ***
 *   The portal lists slices
 *       New Page    slices
 *       Get Title    contains    Slices
 *       Click    text=New slice
 *       Get Element Count    css=tr.slice    >    0
 *
 * Relative URLs resolve against the environment's `portal` endpoint; the
 * browser may reach only the environment's endpoints (the portal driver's
 * network guard). The browser closes when the library's suite ends.
 */
import type { ResolvedEnvironment } from 'tollgate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './launch-chromium.ts';
import { createNetworkGuard, guardContext } from './network-guard.ts';
import { resolvePortalOptions, type PortalDriverOptions } from './portal-options.ts';

export interface RobotLibraryHost {
  environment?: Pick<ResolvedEnvironment, 'name' | 'endpoints' | 'variables' | 'secrets'>;
  log(text: string, level?: 'INFO' | 'DEBUG' | 'WARN' | 'TRACE'): void;
}

class KeywordError extends Error {}

type Operator = (actual: unknown, expected: string) => boolean;

/** The Browser library's assertion operators and their words in messages. */
const OPERATORS: Record<string, [Operator, string]> = {
  '==': [(a, e) => String(a) === e, 'should be'],
  '!=': [(a, e) => String(a) !== e, 'should not be'],
  contains: [(a, e) => String(a).includes(e), 'should contain'],
  '*=': [(a, e) => String(a).includes(e), 'should contain'],
  'not contains': [(a, e) => !String(a).includes(e), 'should not contain'],
  '^=': [(a, e) => String(a).startsWith(e), 'should start with'],
  '$=': [(a, e) => String(a).endsWith(e), 'should end with'],
  matches: [(a, e) => new RegExp(e).test(String(a)), 'should match'],
  '>': [(a, e) => Number(a) > Number(e), 'should be greater than'],
  '>=': [(a, e) => Number(a) >= Number(e), 'should be greater than or equal'],
  '<': [(a, e) => Number(a) < Number(e), 'should be less than'],
  '<=': [(a, e) => Number(a) <= Number(e), 'should be less than or equal'],
};
const ALIASES: Record<string, string> = { equal: '==', equals: '==', 'should be': '==', inequal: '!=', 'should not be': '!=', starts: '^=', 'should start with': '^=', ends: '$=', 'should end with': '$=', 'should contain': 'contains' };

export class PortalLibrary {
  static ROBOT_LIBRARY_SCOPE = 'SUITE';
  private browser: Browser | undefined;
  private context: BrowserContext | undefined;
  private page: Page | undefined;
  private readonly env: NonNullable<RobotLibraryHost['environment']>;
  private readonly options: PortalDriverOptions;

  constructor(private readonly _host: RobotLibraryHost, options: PortalDriverOptions = {}) {
    if (!_host.environment) throw new Error('the Portal library needs a tollgate environment: run the suite with `tollgate run` (its environment gives the portal endpoint)');
    this.env = _host.environment;
    this.options = options;
  }

  /** Opens a page (starting the browser on first use) at `url`, relative to the portal endpoint. */
  async newPage(url: string = ''): Promise<string> {
    const context = await this._context();
    this.page = await context.newPage();
    if (url) await this.goTo(url);
    return this.page.url();
  }

  async goTo(url: string): Promise<void> {
    const page = await this._page();
    const response = await page.goto(url);
    this._host.log(`Opened ${page.url()}${response ? ` (${response.status()})` : ''}`);
  }

  async click(selector: string): Promise<void> {
    await (await this._page()).locator(selector).click();
  }

  async fillText(selector: string, txt: string): Promise<void> {
    await (await this._page()).locator(selector).fill(String(txt));
  }

  async checkCheckbox(selector: string): Promise<void> {
    await (await this._page()).locator(selector).check();
  }

  async getText(selector: string, assertion_operator: unknown = undefined, assertion_expected: unknown = undefined): Promise<string> {
    const text = (await (await this._page()).locator(selector).innerText()).trim();
    return assertValue('Text', text, assertion_operator, assertion_expected);
  }

  async getTitle(assertion_operator: unknown = undefined, assertion_expected: unknown = undefined): Promise<string> {
    return assertValue('Title', await (await this._page()).title(), assertion_operator, assertion_expected);
  }

  async getUrl(assertion_operator: unknown = undefined, assertion_expected: unknown = undefined): Promise<string> {
    return assertValue('URL', (await this._page()).url(), assertion_operator, assertion_expected);
  }

  async getElementCount(selector: string, assertion_operator: unknown = undefined, assertion_expected: unknown = undefined): Promise<number> {
    const count = await (await this._page()).locator(selector).count();
    return assertValue('Element count', count, assertion_operator, assertion_expected);
  }

  async waitForElementsState(selector: string, state: string = 'visible', timeout: unknown = undefined): Promise<void> {
    const ms = timeout === undefined ? 10_000 : parseSeconds(String(timeout));
    await (await this._page()).locator(selector).first().waitFor({ state: state.toLowerCase() as 'visible', timeout: ms });
  }

  async closeBrowser(): Promise<void> {
    await this._close();
  }

  async _close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    this.context = undefined;
    this.page = undefined;
    await browser?.close().catch(() => undefined);
  }

  private async _context(): Promise<BrowserContext> {
    if (this.context) return this.context;
    const resolved = resolvePortalOptions(this.options, { name: this.env.name, variables: this.env.variables as Record<string, string> });
    const guard = createNetworkGuard(this.env.endpoints, resolved.allowHosts);
    this.browser = await launchChromium(resolved, guard.resolverRules);
    const base = this.env.endpoints[resolved.endpoint];
    this.context = await this.browser.newContext({ baseURL: base ? `${base.replace(/\/+$/, '')}/` : undefined, viewport: resolved.viewport });
    await guardContext(this.context, guard, (url) => this._host.log(`blocked a request outside the environment: ${url}`, 'WARN'));
    this._host.log(`Chromium ${this.browser.version()} (${resolved.executablePath})`);
    return this.context;
  }

  private async _page(): Promise<Page> {
    if (!this.page) throw new KeywordError('No page is open: call New Page first.');
    return this.page;
  }
}

function parseSeconds(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?)?$/i.exec(text.trim());
  if (!m) throw new KeywordError(`Invalid timeout '${text}'.`);
  return Number(m[1]) * (m[2]?.toLowerCase() === 'ms' ? 1 : 1000);
}

function assertValue<T>(what: string, actual: T, operator: unknown, expected: unknown): T {
  if (operator === undefined || operator === null || operator === '') return actual;
  const key = ALIASES[String(operator).toLowerCase()] ?? String(operator).toLowerCase();
  const entry = OPERATORS[key];
  if (!entry) throw new KeywordError(`Unknown assertion operator '${String(operator)}'. Use one of: ${Object.keys(OPERATORS).join(', ')}.`);
  const [check, words] = entry;
  const want = String(expected ?? '');
  if (!check(actual, want)) {
    const type = (v: unknown) => (typeof v === 'number' ? 'int' : 'str');
    throw new KeywordError(`${what} '${String(actual)}' (${type(actual)}) ${words} '${want}' (str)`);
  }
  return actual;
}

/** Entry point the robot adapter calls for `Library    Portal`. */
export function createLibrary(host: RobotLibraryHost): PortalLibrary {
  return new PortalLibrary(host);
}
