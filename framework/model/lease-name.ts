/**
 * A testbed resource name, `kind:name` by convention: 'switch:br0/ports-1-4',
 * 'pod:staging'. One pattern for the config schema and for leases a test
 * declares, so both accept the same names.
 */
export const LEASE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:/@+=-]*$';
export const LEASE_NAME_RULE = 'letters, digits and _ . : / @ + = -, no spaces';

const LEASE_NAME = new RegExp(LEASE_NAME_PATTERN);

export function isLeaseName(name: unknown): name is string {
  return typeof name === 'string' && LEASE_NAME.test(name);
}
