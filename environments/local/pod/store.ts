/**
 * The POD's in-memory state and its referential rules: parents must exist,
 * names are unique among siblings, a slice may only serve device groups of
 * its own site, and nothing that still has dependants may be deleted.
 *
 * The store expects bodies that already passed schema validation
 * (validation.ts); it adds the rules a schema cannot express. Everything
 * handed out is a copy, so callers cannot change stored state behind its back.
 */
import { PodError, validationError } from './pod-error.ts';
import { RESOURCES, RESOURCE_NAMES, type AnyResource, type ResourceName, type ResourceTypes } from './resources.ts';
import type { Problem } from './validation.ts';

type Input = Record<string, unknown>;

/** A change the store made, for the event hub. */
export interface Change<K extends ResourceName = ResourceName> {
  type: 'created' | 'updated' | 'deleted';
  resource: K;
  id: string;
  data: ResourceTypes[K];
}

const ID_MAX = 63;

/** Derives an id from a name: "Fremont Lab #2" → "fremont-lab-2". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, ID_MAX)
    .replace(/^-+|-+$/g, '');
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Fields with defaults that a create body may leave out. */
function withDefaults(resource: ResourceName, input: Input): Input {
  if (resource === 'device-groups') return { ...input, imsis: input.imsis ?? [] };
  if (resource === 'slices') return { ...input, deviceGroups: input.deviceGroups ?? [] };
  return { ...input };
}

export class Store {
  private readonly tables = new Map<ResourceName, Map<string, AnyResource>>(
    RESOURCE_NAMES.map((name) => [name, new Map()]),
  );

  private table<K extends ResourceName>(resource: K): Map<string, ResourceTypes[K]> {
    return this.tables.get(resource) as Map<string, ResourceTypes[K]>;
  }

  /** Items in creation order; `filter` keeps those whose fields equal the given values. */
  list<K extends ResourceName>(resource: K, filter: Record<string, string> = {}): ResourceTypes[K][] {
    const wanted = Object.entries(filter);
    const items = [...this.table(resource).values()].filter((item) =>
      wanted.every(([field, value]) => (item as unknown as Input)[field] === value),
    );
    return copy(items);
  }

  find<K extends ResourceName>(resource: K, id: string): ResourceTypes[K] | undefined {
    const item = this.table(resource).get(id);
    return item === undefined ? undefined : copy(item);
  }

  get<K extends ResourceName>(resource: K, id: string): ResourceTypes[K] {
    const item = this.find(resource, id);
    if (!item) throw new PodError('not_found', `There is no ${RESOURCES[resource].singular} with id "${id}".`);
    return item;
  }

  count(resource: ResourceName): number {
    return this.table(resource).size;
  }

  create<K extends ResourceName>(resource: K, input: Input): Change<K> {
    const body = withDefaults(resource, input);
    const table = this.table(resource);
    const id = typeof body.id === 'string' ? body.id : this.freshId(resource, String(body.name ?? ''));
    if (table.has(id)) {
      throw new PodError('conflict', `A ${RESOURCES[resource].singular} with id "${id}" already exists.`);
    }
    const item = { id, ...body } as unknown as ResourceTypes[K];
    this.checkReferences(resource, item);
    this.checkUniqueName(resource, item);
    table.set(id, copy(item));
    return { type: 'created', resource, id, data: copy(item) };
  }

  /** Replaces an item whole; id and owner cannot change. */
  replace<K extends ResourceName>(resource: K, id: string, input: Input): Change<K> {
    const before = this.get(resource, id);
    const body = withDefaults(resource, input);
    const problems: Problem[] = [];
    if (body.id !== undefined && body.id !== id) {
      problems.push({ path: '/id', message: `must match the id in the URL ("${id}")` });
    }
    const parent = RESOURCES[resource].parent;
    const beforeFields = before as unknown as Input;
    if (parent && body[parent.field] !== beforeFields[parent.field]) {
      problems.push({
        path: `/${parent.field}`,
        message: `cannot change (it is "${String(beforeFields[parent.field])}"); create a new ${RESOURCES[resource].singular} instead`,
      });
    }
    if (problems.length > 0) throw validationError(problems);
    const item = { id, ...body } as unknown as ResourceTypes[K];
    this.checkReferences(resource, item);
    this.checkUniqueName(resource, item);
    this.table(resource).set(id, copy(item));
    return { type: 'updated', resource, id, data: copy(item) };
  }

  delete<K extends ResourceName>(resource: K, id: string): Change<K> {
    const item = this.get(resource, id);
    const dependants = this.dependantsOf(resource, id);
    if (dependants.length > 0) {
      throw new PodError(
        'conflict',
        `The ${RESOURCES[resource].singular} "${id}" is still used by ${dependants.join(', ')}; delete or change those first.`,
      );
    }
    this.table(resource).delete(id);
    return { type: 'deleted', resource, id, data: item };
  }

  /** Who still points at an item, as "site \"x\"" phrases. */
  private dependantsOf(resource: ResourceName, id: string): string[] {
    const found: string[] = [];
    for (const info of Object.values(RESOURCES)) {
      if (info.parent?.resource !== resource) continue;
      for (const child of this.table(info.name).values()) {
        if ((child as unknown as Input)[info.parent.field] === id) found.push(`${info.singular} "${child.id}"`);
      }
    }
    if (resource === 'device-groups') {
      for (const slice of this.table('slices').values()) {
        if (slice.deviceGroups.includes(id)) found.push(`slice "${slice.id}"`);
      }
    }
    return found;
  }

  private checkReferences(resource: ResourceName, item: AnyResource): void {
    const problems: Problem[] = [];
    const parent = RESOURCES[resource].parent;
    const fields = item as unknown as Input;
    if (parent) {
      const parentId = String(fields[parent.field]);
      if (!this.table(parent.resource).has(parentId)) {
        problems.push({
          path: `/${parent.field}`,
          message: `refers to ${RESOURCES[parent.resource].singular} "${parentId}", which does not exist`,
        });
      }
    }
    if (resource === 'slices') {
      const slice = item as ResourceTypes['slices'];
      slice.deviceGroups.forEach((groupId, index) => {
        const group = this.table('device-groups').get(groupId);
        if (!group) {
          problems.push({ path: `/deviceGroups/${index}`, message: `refers to device group "${groupId}", which does not exist` });
        } else if (group.site !== slice.site) {
          problems.push({
            path: `/deviceGroups/${index}`,
            message: `device group "${groupId}" belongs to site "${group.site}", not "${slice.site}"`,
          });
        }
      });
    }
    if (problems.length > 0) throw validationError(problems);
  }

  private checkUniqueName(resource: ResourceName, item: AnyResource): void {
    const parent = RESOURCES[resource].parent;
    const fields = item as unknown as Input;
    for (const other of this.table(resource).values()) {
      if (other.id === item.id || other.name !== item.name) continue;
      if (parent && (other as unknown as Input)[parent.field] !== fields[parent.field]) continue;
      const scope = parent ? ` in ${RESOURCES[parent.resource].singular} "${String(fields[parent.field])}"` : '';
      throw new PodError(
        'conflict',
        `The name "${item.name}" is already taken${scope} by ${RESOURCES[resource].singular} "${other.id}".`,
      );
    }
  }

  private freshId(resource: ResourceName, name: string): string {
    const base = slugify(name) || RESOURCES[resource].schema;
    const table = this.table(resource);
    if (!table.has(base)) return base;
    for (let n = 2; ; n++) {
      const suffix = `-${n}`;
      const candidate = base.slice(0, ID_MAX - suffix.length).replace(/-+$/, '') + suffix;
      if (!table.has(candidate)) return candidate;
    }
  }
}
