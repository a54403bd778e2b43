/**
 * The four resources of the reference POD and how they hang together: an
 * enterprise owns sites, a site owns device groups and slices, and a slice
 * serves some of its site's device groups. One table so the store, the API
 * routes and the portal agree on names and parents.
 */

export interface Enterprise {
  id: string;
  name: string;
  description?: string;
}

export interface Site {
  id: string;
  enterprise: string;
  name: string;
  description?: string;
  location?: string;
}

export interface DeviceGroup {
  id: string;
  site: string;
  name: string;
  description?: string;
  /** IMSIs of the devices in the group, 15 digits each. */
  imsis: string[];
}

export interface Slice {
  id: string;
  site: string;
  name: string;
  description?: string;
  /** Slice/service type, 1-255 (3GPP TS 23.501). */
  sst: number;
  /** Slice differentiator, six hex digits. */
  sd: string;
  maxBitrateUl: number;
  maxBitrateDl: number;
  deviceGroups: string[];
}

export interface ResourceTypes {
  enterprises: Enterprise;
  sites: Site;
  'device-groups': DeviceGroup;
  slices: Slice;
}

/** The collection name, as it appears in URLs and change events. */
export type ResourceName = keyof ResourceTypes;

/** Any stored resource. */
export type AnyResource = ResourceTypes[ResourceName];

export interface ResourceInfo {
  name: ResourceName;
  /** The schema that describes one item (see schemas.ts). */
  schema: 'enterprise' | 'site' | 'device-group' | 'slice';
  /** Human names for messages and the portal. */
  singular: string;
  plural: string;
  /** The field that names the owner, and the owner's collection. */
  parent?: { field: 'enterprise' | 'site'; resource: ResourceName };
}

export const RESOURCES: Record<ResourceName, ResourceInfo> = {
  enterprises: { name: 'enterprises', schema: 'enterprise', singular: 'enterprise', plural: 'enterprises' },
  sites: {
    name: 'sites',
    schema: 'site',
    singular: 'site',
    plural: 'sites',
    parent: { field: 'enterprise', resource: 'enterprises' },
  },
  'device-groups': {
    name: 'device-groups',
    schema: 'device-group',
    singular: 'device group',
    plural: 'device groups',
    parent: { field: 'site', resource: 'sites' },
  },
  slices: {
    name: 'slices',
    schema: 'slice',
    singular: 'slice',
    plural: 'slices',
    parent: { field: 'site', resource: 'sites' },
  },
};

export const RESOURCE_NAMES = Object.keys(RESOURCES) as ResourceName[];

export function isResourceName(value: string): value is ResourceName {
  return Object.hasOwn(RESOURCES, value);
}
