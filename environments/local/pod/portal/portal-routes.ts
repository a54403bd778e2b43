/**
 * The user portal under /portal: server-rendered pages over the store; every
 * change goes through the REST API from the page's script, as a user's
 * browser would.
 */
import { sendText } from '../http-util.ts';
import { RESOURCES, RESOURCE_NAMES, isResourceName, type ResourceName } from '../resources.ts';
import type { RouteContext, Router } from '../router.ts';
import type { Store } from '../store.ts';
import { html } from './html.ts';
import { capitalize, renderPage, type PageOptions } from './render-layout.ts';
import { renderForm } from './render-form.ts';
import { renderDashboard, renderList } from './render-list.ts';

export interface PortalDeps {
  store: Store;
  apiBase: string;
  eventsPath: string;
  tokenRequired: boolean;
  /** The `portal` fault is on. */
  brokenCreate: boolean;
}

type Page = Omit<PageOptions, 'apiBase' | 'eventsPath' | 'tokenRequired'>;

export function addPortalRoutes(router: Router, deps: PortalDeps): void {
  const { store } = deps;
  const send = ({ res }: RouteContext, status: number, page: Page) => {
    const text = renderPage({ ...page, apiBase: deps.apiBase, eventsPath: deps.eventsPath, tokenRequired: deps.tokenRequired });
    res.setHeader('cache-control', 'no-store');
    sendText(res, status, text, 'text/html; charset=utf-8');
  };
  const notFound = (ctx: RouteContext, message: string) =>
    send(ctx, 404, { title: 'Not found', body: html`<p data-testid="not-found">${message} <a href="/portal">Back to the portal</a>.</p>` });

  const resourceOr404 = (ctx: RouteContext): ResourceName | undefined => {
    const name = ctx.params.resource ?? '';
    if (isResourceName(name)) return name;
    notFound(ctx, `There is no "${name}" page.`);
    return undefined;
  };

  const formPage = (ctx: RouteContext, resource: ResourceName, id?: string) => {
    const info = RESOURCES[resource];
    const item = id === undefined ? undefined : store.find(resource, id);
    if (id !== undefined && !item) return notFound(ctx, `There is no ${info.singular} "${id}".`);
    const body = renderForm({
      resource,
      item,
      parents: info.parent ? store.list(info.parent.resource) : [],
      deviceGroups: resource === 'slices' ? store.list('device-groups') : [],
      brokenCreate: deps.brokenCreate && resource === 'slices',
    });
    const title = item ? `Edit ${info.singular} ${item.name}` : `Create ${info.singular}`;
    send(ctx, 200, { title, current: resource, body });
  };

  router.add('GET', '/portal', (ctx) => {
    const counts = Object.fromEntries(RESOURCE_NAMES.map((name) => [name, store.count(name)])) as Record<ResourceName, number>;
    send(ctx, 200, { title: 'Overview', watch: [...RESOURCE_NAMES], body: renderDashboard(counts) });
  });

  router.add('GET', '/portal/:resource', (ctx) => {
    const resource = resourceOr404(ctx);
    if (!resource) return;
    const body = renderList(resource, store.list(resource));
    send(ctx, 200, { title: capitalize(RESOURCES[resource].plural), current: resource, watch: [resource], body });
  });

  router.add('GET', '/portal/:resource/new', (ctx) => {
    const resource = resourceOr404(ctx);
    if (resource) formPage(ctx, resource);
  });

  router.add('GET', '/portal/:resource/:id/edit', (ctx) => {
    const resource = resourceOr404(ctx);
    if (resource) formPage(ctx, resource, ctx.params.id);
  });
}
