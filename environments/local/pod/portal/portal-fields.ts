/**
 * What the portal shows and edits of each resource: the form fields, in
 * order, and the list columns. The form's inline script reads `data-type` to
 * turn inputs back into the JSON the API expects.
 */
import type { ResourceName } from '../resources.ts';

export type FieldType =
  /** A text input; left out of the body when empty. */
  | 'text'
  /** A number input, sent as a JSON number; left out when empty. */
  | 'number'
  /** A select of the owner (enterprise or site); fixed once created. */
  | 'parent'
  /** Checkboxes of device groups, sent as an array of ids. */
  | 'device-groups'
  /** A textarea with one value per line, sent as an array of strings. */
  | 'lines';

export interface Field {
  name: string;
  label: string;
  type: FieldType;
  hint?: string;
}

const NAME: Field = { name: 'name', label: 'Name', type: 'text' };
const DESCRIPTION: Field = { name: 'description', label: 'Description', type: 'text' };

export const FORM_FIELDS: Record<ResourceName, Field[]> = {
  enterprises: [NAME, DESCRIPTION],
  sites: [{ name: 'enterprise', label: 'Enterprise', type: 'parent' }, NAME, DESCRIPTION, { name: 'location', label: 'Location', type: 'text' }],
  'device-groups': [
    { name: 'site', label: 'Site', type: 'parent' },
    NAME,
    DESCRIPTION,
    { name: 'imsis', label: 'IMSIs', type: 'lines', hint: 'One 15-digit IMSI per line.' },
  ],
  slices: [
    { name: 'site', label: 'Site', type: 'parent' },
    NAME,
    DESCRIPTION,
    { name: 'sst', label: 'SST', type: 'number', hint: 'Slice/service type, 1 to 255.' },
    { name: 'sd', label: 'SD', type: 'text', hint: 'Slice differentiator, six hex digits.' },
    { name: 'maxBitrateUl', label: 'Max bitrate uplink (bps)', type: 'number' },
    { name: 'maxBitrateDl', label: 'Max bitrate downlink (bps)', type: 'number' },
    { name: 'deviceGroups', label: 'Device groups', type: 'device-groups' },
  ],
};

export const LIST_COLUMNS: Record<ResourceName, { name: string; label: string }[]> = {
  enterprises: [
    { name: 'id', label: 'ID' },
    { name: 'name', label: 'Name' },
    { name: 'description', label: 'Description' },
  ],
  sites: [
    { name: 'id', label: 'ID' },
    { name: 'name', label: 'Name' },
    { name: 'enterprise', label: 'Enterprise' },
    { name: 'location', label: 'Location' },
  ],
  'device-groups': [
    { name: 'id', label: 'ID' },
    { name: 'name', label: 'Name' },
    { name: 'site', label: 'Site' },
    { name: 'imsis', label: 'IMSIs' },
  ],
  slices: [
    { name: 'id', label: 'ID' },
    { name: 'name', label: 'Name' },
    { name: 'site', label: 'Site' },
    { name: 'sst', label: 'SST' },
    { name: 'sd', label: 'SD' },
    { name: 'maxBitrateUl', label: 'UL bps' },
    { name: 'maxBitrateDl', label: 'DL bps' },
    { name: 'deviceGroups', label: 'Device groups' },
  ],
};
