/** The portal's list page of one collection and its dashboard of all of them. */
import { RESOURCES, RESOURCE_NAMES, type AnyResource, type ResourceName } from '../resources.ts';
import { html, type SafeHtml } from './html.ts';
import { LIST_COLUMNS } from './portal-fields.ts';
import { capitalize } from './render-layout.ts';

function cellText(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  return value === undefined || value === null ? '' : String(value);
}

export function renderList(resource: ResourceName, items: AnyResource[]): SafeHtml {
  const info = RESOURCES[resource];
  const columns = LIST_COLUMNS[resource];
  const rows = items.map((item) => {
    const fields = item as unknown as Record<string, unknown>;
    const cells = columns.map((column) => html`<td data-testid="cell-${column.name}">${cellText(fields[column.name])}</td>`);
    return html`<tr data-testid="row" data-id="${item.id}">${cells}<td>
<a href="/portal/${resource}/${encodeURIComponent(item.id)}/edit" data-testid="edit" aria-label="Edit ${info.singular} ${item.name}">Edit</a>
<button type="button" data-testid="delete" data-resource="${resource}" data-id="${item.id}" aria-label="Delete ${info.singular} ${item.name}">Delete</button>
</td></tr>`;
  });
  const count = `${items.length} ${items.length === 1 ? info.singular : info.plural}`;
  return html`<p><a href="/portal/${resource}/new" data-testid="create-link">Create ${info.singular}</a></p>
<div role="alert" data-testid="page-errors" hidden></div>
<div data-live="list">
<p data-testid="item-count">${count}</p>
${
  items.length === 0
    ? html`<p data-testid="empty">No ${info.plural} yet.</p>`
    : html`<table data-testid="list-table" aria-label="${capitalize(info.plural)}">
<thead><tr>${columns.map((column) => html`<th scope="col">${column.label}</th>`)}<th scope="col">Actions</th></tr></thead>
<tbody data-testid="rows">
${rows}
</tbody>
</table>`
}
</div>`;
}

export function renderDashboard(counts: Record<ResourceName, number>): SafeHtml {
  const cards = RESOURCE_NAMES.map(
    (name) =>
      html`<li data-testid="count-${name}"><a href="/portal/${name}">${capitalize(RESOURCES[name].plural)}</a>: <span data-testid="count-value">${counts[name]}</span></li>`,
  );
  return html`<p>The reference POD's control plane: enterprises own sites; sites own device groups and slices.</p>
<ul data-live="summary" data-testid="summary">${cards}</ul>`;
}
