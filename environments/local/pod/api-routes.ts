/**
 * The runtime REST API under /api/v1: list, read, create, replace, patch and
 * delete for every resource, plus the published schemas. Each change goes to
 * the event hub after the store accepted it.
 */
import type { EventHub } from './event-hub.ts';
import type { FaultInjector } from './fault-injector.ts';
import { readJson, sendEmpty, sendJson } from './http-util.ts';
import { mergePatch } from './merge-patch.ts';
import { PodError, validationError } from './pod-error.ts';
import { RESOURCES, RESOURCE_NAMES, isResourceName, type AnyResource, type ResourceName } from './resources.ts';
import type { RouteContext, Router } from './router.ts';
import { SCHEMA_NAMES, isSchemaName, schemas } from './schemas.ts';
import type { Change, Store } from './store.ts';
import type { Validator } from './validation.ts';

export const API_PREFIX = '/api/v1';

export interface ApiDeps {
  store: Store;
  validator: Validator;
  hub: EventHub;
  injector: FaultInjector;
}

function resourceOf(params: Record<string, string>): ResourceName {
  const name = params.resource ?? '';
  if (!isResourceName(name)) {
    throw new PodError('not_found', `There is no collection "${name}". Collections: ${RESOURCE_NAMES.join(', ')}.`);
  }
  return name;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function addApiRoutes(router: Router, deps: ApiDeps): void {
  const { store, validator, hub, injector } = deps;
  const show = (resource: ResourceName, item: AnyResource) => injector.present(resource, item);

  /** Validates a full body against the resource's input schema. */
  const checked = (resource: ResourceName, body: unknown): Record<string, unknown> => {
    const problems = validator.validate(resource, body);
    if (problems.length > 0) throw validationError(problems);
    return body as Record<string, unknown>;
  };

  const commit = ({ res }: RouteContext, change: Change, status: number, headers: Record<string, string> = {}) => {
    hub.publish(change);
    sendJson(res, status, show(change.resource, change.data), headers);
  };

  router.add('GET', API_PREFIX, ({ res }) => {
    sendJson(res, 200, {
      resources: RESOURCE_NAMES.map((name) => `${API_PREFIX}/${name}`),
      schemas: `${API_PREFIX}/schemas`,
      events: `${API_PREFIX}/events`,
    });
  });

  router.add('GET', `${API_PREFIX}/schemas`, ({ res }) => {
    sendJson(res, 200, { items: SCHEMA_NAMES });
  });

  router.add('GET', `${API_PREFIX}/schemas/:name`, ({ res, params }) => {
    const name = params.name ?? '';
    if (!isSchemaName(name)) {
      throw new PodError('not_found', `There is no schema "${name}". Schemas: ${SCHEMA_NAMES.join(', ')}.`);
    }
    sendJson(res, 200, schemas[name], { 'content-type': 'application/schema+json; charset=utf-8' });
  });

  router.add('GET', `${API_PREFIX}/events`, () => {
    throw new PodError('bad_request', `${API_PREFIX}/events is a WebSocket stream: connect with a WebSocket client (ws://).`);
  });

  router.add('GET', `${API_PREFIX}/:resource`, ({ res, params, url }) => {
    const resource = resourceOf(params);
    const parent = RESOURCES[resource].parent;
    const filter: Record<string, string> = {};
    const owner = parent ? url.searchParams.get(parent.field) : null;
    if (parent && owner !== null) filter[parent.field] = owner;
    sendJson(res, 200, { items: store.list(resource, filter).map((item) => show(resource, item)) });
  });

  router.add('POST', `${API_PREFIX}/:resource`, async (ctx) => {
    const resource = resourceOf(ctx.params);
    const body = checked(resource, await readJson(ctx.req));
    const change = store.create(resource, body);
    commit(ctx, change, 201, { location: `${API_PREFIX}/${resource}/${encodeURIComponent(change.id)}` });
  });

  router.add('GET', `${API_PREFIX}/:resource/:id`, ({ res, params }) => {
    const resource = resourceOf(params);
    sendJson(res, 200, show(resource, store.get(resource, params.id!)));
  });

  router.add('PUT', `${API_PREFIX}/:resource/:id`, async (ctx) => {
    const resource = resourceOf(ctx.params);
    store.get(resource, ctx.params.id!);
    const body = checked(resource, await readJson(ctx.req));
    commit(ctx, store.replace(resource, ctx.params.id!, body), 200);
  });

  router.add('PATCH', `${API_PREFIX}/:resource/:id`, async (ctx) => {
    const resource = resourceOf(ctx.params);
    const current = store.get(resource, ctx.params.id!);
    const patch = await readJson(ctx.req);
    if (!isObject(patch)) throw validationError([{ path: '', message: 'must be object (a JSON merge patch)' }]);
    const merged = checked(resource, mergePatch(current, patch));
    commit(ctx, store.replace(resource, ctx.params.id!, merged), 200);
  });

  router.add('DELETE', `${API_PREFIX}/:resource/:id`, ({ res, params }) => {
    const resource = resourceOf(params);
    hub.publish(store.delete(resource, params.id!));
    sendEmpty(res, 204);
  });
}
