/** The portal's page shell: head, navigation, API token field, live status and the inline script. */
import { RESOURCES, RESOURCE_NAMES, type ResourceName } from '../resources.ts';
import { attr, html, raw, type SafeHtml } from './html.ts';
import { PORTAL_SCRIPT } from './portal-script.ts';

export interface PageOptions {
  title: string;
  /** Where the API and the event stream are, as the browser sees them. */
  apiBase: string;
  eventsPath: string;
  /** Whether writes need an API token (the page then asks for it). */
  tokenRequired: boolean;
  /** Collections whose changes refresh this page live. */
  watch?: ResourceName[];
  /** The collection this page is about, to mark it in the navigation. */
  current?: ResourceName;
  body: SafeHtml;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 0; color: #1d2430; }
header { display: flex; gap: 1.5rem; align-items: center; padding: .75rem 1.5rem; background: #12355b; color: #fff; }
header a { color: #fff; }
header nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
header a[aria-current] { font-weight: bold; }
main { padding: 1.5rem; max-width: 70rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d5dbe3; }
form { display: grid; gap: .75rem; max-width: 32rem; }
label { display: grid; gap: .2rem; }
[role=alert]:not([hidden]) { border: 1px solid #b3261e; background: #fdecea; padding: .5rem 1rem; margin: 1rem 0; }
[aria-invalid=true] { outline: 2px solid #b3261e; }
.hint { color: #5b6675; font-size: .85rem; }
[data-testid=live-status] { margin-left: auto; font-size: .85rem; }
`;

export function renderPage(options: PageOptions): string {
  const watch = (options.watch ?? []).join(',');
  const nav = RESOURCE_NAMES.map(
    (name) =>
      html`<li><a href="/portal/${name}" data-testid="nav-${name}"${attr('aria-current', name === options.current ? 'page' : null)}>${capitalize(RESOURCES[name].plural)}</a></li>`,
  );
  const token = options.tokenRequired
    ? html`<label>API token <input type="password" autocomplete="off" data-testid="token-input"></label>`
    : null;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · POD portal</title>
<style>${raw(STYLE)}</style>
</head>
<body data-api="${options.apiBase}" data-events="${options.eventsPath}" data-watch="${watch}">
<header>
<a href="/portal" data-testid="nav-home">POD portal</a>
<nav aria-label="Main"><ul>${nav}</ul></nav>
${token}
<span data-testid="live-status" data-state="${watch ? 'connecting' : 'off'}" aria-live="polite">${watch ? 'Connecting' : ''}</span>
</header>
<main>
<h1>${options.title}</h1>
${options.body}
</main>
<script type="module">${raw(PORTAL_SCRIPT)}</script>
</body>
</html>
`.text;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
