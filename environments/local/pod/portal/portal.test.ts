import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Script } from 'node:vm';
import { startPod, type RunningPod } from '../pod.ts';
import { call } from '../test-support.ts';
import { PORTAL_SCRIPT } from './portal-script.ts';

describe('POD portal pages', () => {
  let pod: RunningPod;
  const page = async (path: string) => {
    const answer = await call(pod.url, 'GET', path);
    return { status: answer.status, html: String(answer.body), type: answer.headers.get('content-type') };
  };
  before(async () => {
    pod = await startPod();
  });
  after(() => pod.close());

  test('the overview links every list and counts its items', async () => {
    const { status, html, type } = await page('/portal');
    assert.equal(status, 200);
    assert.match(type ?? '', /^text\/html/);
    for (const name of ['enterprises', 'sites', 'device-groups', 'slices']) {
      assert.match(html, new RegExp(`data-testid="nav-${name}"`));
      assert.match(html, new RegExp(`<li data-testid="count-${name}">.*<span data-testid="count-value">1</span>`));
    }
    assert.match(html, /data-watch="enterprises,sites,device-groups,slices"/);
  });

  test('a list shows rows with edit links and delete buttons', async () => {
    const { html } = await page('/portal/slices');
    assert.match(html, /<a href="\/portal\/slices\/new" data-testid="create-link">Create slice<\/a>/);
    assert.match(html, /<tr data-testid="row" data-id="fremont-video">/);
    assert.match(html, /<td data-testid="cell-sst">1<\/td>/);
    assert.match(html, /<td data-testid="cell-deviceGroups">fremont-cameras<\/td>/);
    assert.match(html, /href="\/portal\/slices\/fremont-video\/edit" data-testid="edit" aria-label="Edit slice Video"/);
    assert.match(html, /data-testid="delete" data-resource="slices" data-id="fremont-video" aria-label="Delete slice Video"/);
    assert.match(html, /<div role="alert" data-testid="page-errors" hidden><\/div>/);
    assert.match(html, /data-testid="live-status" data-state="connecting"/);
    assert.match(html, /aria-current="page">Slices</);
  });

  test('a list follows changes made through the API', async () => {
    await call(pod.url, 'POST', '/api/v1/enterprises', { name: 'Umbrella' });
    assert.match((await page('/portal/enterprises')).html, /data-id="umbrella"/);
    await call(pod.url, 'DELETE', '/api/v1/enterprises/umbrella');
    assert.doesNotMatch((await page('/portal/enterprises')).html, /data-id="umbrella"/);
  });

  test('the create form has labelled fields and a submit button', async () => {
    const { html } = await page('/portal/slices/new');
    assert.match(html, /<form data-testid="resource-form" data-resource="slices" data-mode="create" data-done="\/portal\/slices" aria-label="Create slice" novalidate>/);
    for (const [field, label] of [
      ['id', 'ID \\(optional\\)'],
      ['site', 'Site'],
      ['name', 'Name'],
      ['sst', 'SST'],
      ['sd', 'SD'],
      ['maxBitrateUl', 'Max bitrate uplink \\(bps\\)'],
      ['maxBitrateDl', 'Max bitrate downlink \\(bps\\)'],
    ]) {
      assert.match(html, new RegExp(`<label for="field-${field}">${label}</label>`), field);
      assert.match(html, new RegExp(`id="field-${field}" name="${field}" data-field="${field}"`), field);
    }
    assert.match(html, /<fieldset data-field="deviceGroups" data-type="device-groups" data-testid="field-deviceGroups">/);
    assert.match(html, /<input type="checkbox" value="fremont-cameras"> Cameras \(fremont-cameras\)/);
    assert.match(html, /<option value="acme-fremont">Fremont \(acme-fremont\)<\/option>/);
    assert.match(html, /<div role="alert" data-testid="form-errors" hidden><\/div>/);
    assert.match(html, /<button type="submit" data-testid="submit">Create slice<\/button>/);
  });

  test('the edit form is filled in and keeps the owner fixed', async () => {
    const { html } = await page('/portal/slices/fremont-video/edit');
    assert.match(html, /data-mode="edit" data-id="fremont-video"/);
    assert.match(html, /id="field-name" name="name" data-field="name" data-type="text" data-testid="field-name" type="text" value="Video"/);
    assert.match(html, /id="field-sst"[^>]* value="1"/);
    assert.match(html, /data-testid="field-site" disabled>/);
    assert.match(html, /<option value="acme-fremont" selected>/);
    assert.match(html, /<input type="checkbox" value="fremont-cameras" checked>/);
    assert.match(html, /<button type="submit" data-testid="submit">Save changes<\/button>/);
    assert.doesNotMatch(html, /field-id/, 'the id cannot be edited');
  });

  test('unknown pages answer 404 with a way back', async () => {
    for (const path of ['/portal/widgets', '/portal/slices/nope/edit']) {
      const { status, html } = await page(path);
      assert.equal(status, 404, path);
      assert.match(html, /data-testid="not-found"/);
    }
  });

  test('names are escaped', async () => {
    await call(pod.url, 'POST', '/api/v1/enterprises', { id: 'xss', name: '<img src=x onerror=alert(1)>' });
    const { html } = await page('/portal/enterprises');
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.doesNotMatch(html, /<img src=x/);
  });

  test('the token field appears only when the POD needs a token', async () => {
    assert.doesNotMatch((await page('/portal')).html, /<input[^>]*data-testid="token-input"/);
    const guarded = await startPod({ token: 't0ken' });
    try {
      const html = String((await call(guarded.url, 'GET', '/portal')).body);
      assert.match(html, /<label>API token <input type="password" autocomplete="off" data-testid="token-input"><\/label>/);
      assert.doesNotMatch(html, /t0ken/, 'the token itself is never in the page');
    } finally {
      await guarded.close();
    }
  });

  test('the inline script is valid JavaScript', () => {
    assert.doesNotThrow(() => new Script(PORTAL_SCRIPT, { filename: 'portal-script.js' }));
  });
});
