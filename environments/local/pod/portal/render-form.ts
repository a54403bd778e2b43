/** The portal's create and edit forms. */
import { RESOURCES, type AnyResource, type DeviceGroup, type ResourceName } from '../resources.ts';
import { attr, html, type SafeHtml } from './html.ts';
import { FORM_FIELDS, type Field } from './portal-fields.ts';

export interface FormOptions {
  resource: ResourceName;
  /** The item being edited; absent for a create form. */
  item?: AnyResource;
  /** Possible owners (enterprises or sites) for the parent select. */
  parents: AnyResource[];
  deviceGroups: DeviceGroup[];
  /** The `portal` fault: the create slice button stops submitting. */
  brokenCreate?: boolean;
}

function renderField(field: Field, value: unknown, options: FormOptions): SafeHtml {
  const id = `field-${field.name}`;
  const hint = field.hint ? html`<span class="hint" id="hint-${field.name}">${field.hint}</span>` : null;
  const described = attr('aria-describedby', field.hint ? `hint-${field.name}` : null);
  const common = html`id="${id}" name="${field.name}" data-field="${field.name}" data-type="${field.type}" data-testid="${id}"${described}`;
  switch (field.type) {
    case 'parent': {
      const parentInfo = RESOURCES[RESOURCES[options.resource].parent!.resource];
      const choices = options.parents.map(
        (parent) => html`<option value="${parent.id}"${attr('selected', parent.id === value)}>${parent.name} (${parent.id})</option>`,
      );
      return html`<div class="field"><label for="${id}">${field.label}</label>
<select ${common}${attr('disabled', options.item !== undefined)}><option value="">Choose ${parentInfo.singular === 'enterprise' ? 'an' : 'a'} ${parentInfo.singular}</option>${choices}</select>${hint}</div>`;
    }
    case 'device-groups': {
      const chosen = Array.isArray(value) ? value : [];
      const boxes = options.deviceGroups.map(
        (group) =>
          html`<label><input type="checkbox" value="${group.id}"${attr('checked', chosen.includes(group.id))}> ${group.name} (${group.id})</label>`,
      );
      return html`<fieldset data-field="${field.name}" data-type="${field.type}" data-testid="${id}"><legend>${field.label}</legend>
${boxes.length > 0 ? boxes : html`<p>No device groups yet.</p>`}</fieldset>`;
    }
    case 'lines':
      return html`<div class="field"><label for="${id}">${field.label}</label>
<textarea ${common} rows="4">${Array.isArray(value) ? value.join('\n') : ''}</textarea>${hint}</div>`;
    default:
      return html`<div class="field"><label for="${id}">${field.label}</label>
<input ${common} type="${field.type === 'number' ? 'number' : 'text'}"${attr('value', value === undefined ? null : String(value))}>${hint}</div>`;
  }
}

export function renderForm(options: FormOptions): SafeHtml {
  const { resource, item } = options;
  const info = RESOURCES[resource];
  const values = (item ?? {}) as Record<string, unknown>;
  const fields = FORM_FIELDS[resource].map((field) => renderField(field, values[field.name], options));
  const idField = item
    ? null
    : renderField({ name: 'id', label: 'ID (optional)', type: 'text', hint: 'Made from the name when left empty.' }, undefined, options);
  const label = item ? 'Save changes' : `Create ${info.singular}`;
  // The portal fault: the button no longer submits the form, so clicking it does nothing.
  const submitType = options.brokenCreate && !item ? 'button' : 'submit';
  return html`<div role="alert" data-testid="form-errors" hidden></div>
<form data-testid="resource-form" data-resource="${resource}" data-mode="${item ? 'edit' : 'create'}"${attr('data-id', item?.id)} data-done="/portal/${resource}" aria-label="${item ? `Edit ${info.singular}` : `Create ${info.singular}`}" novalidate>
${idField}
${fields}
<div><button type="${submitType}" data-testid="submit">${label}</button> <a href="/portal/${resource}" data-testid="cancel">Cancel</a></div>
</form>`;
}
