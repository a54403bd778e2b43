/**
 * The api driver as a fixture: each test that asks for `api` gets an
 * ApiClient bound to the environment's `api` endpoint, carrying the
 * `apiToken` secret when the environment has one; streams it opened are
 * closed after the test.
 *
 *   import { test, expect } from '../../drivers/api/index.ts';
 *   test('health', async ({ api }) => { expect((await api.get('/')).status).toBe(200); });
 */
import { defineDriver, test as base, type ResolvedEnvironment } from 'tollgate';
import { ApiClient, type ApiClientOptions } from './api-client.ts';

export interface ApiDriverOptions extends Partial<Omit<ApiClientOptions, 'baseUrl' | 'token' | 'secrets'>> {
  /** Which of the environment's endpoints is the API's base URL; 'api' by default. */
  endpoint?: string;
  /** Which endpoint is the event stream; 'events' by default (derived from the API's URL when absent). */
  eventsEndpoint?: string;
  /** Which secret is the bearer token; 'apiToken' by default. */
  tokenSecret?: string;
}

/** An ApiClient for an environment; names the missing endpoint and how to add it. */
export function apiClientFor(env: ResolvedEnvironment, options: ApiDriverOptions = {}): ApiClient {
  const { endpoint = 'api', eventsEndpoint = 'events', tokenSecret = 'apiToken', ...client } = options;
  const baseUrl = env.endpoints[endpoint];
  if (!baseUrl) {
    const known = Object.keys(env.endpoints);
    throw new Error(
      `the api driver needs the endpoint "${endpoint}", and environment "${env.name}" has ${known.length ? `only ${known.join(', ')}` : 'no endpoints'}. ` +
        `Add endpoints: { ${endpoint}: 'http://host:port/api' } to environments/${env.name}.ts (or have its setup return it).`,
    );
  }
  return new ApiClient({
    baseUrl,
    token: env.secrets[tokenSecret],
    // Every secret of the environment, not just the token: a response may echo any of them.
    secrets: Object.values(env.secrets),
    eventsUrl: env.endpoints[eventsEndpoint],
    ...client,
  });
}

/** A driver with other options (another endpoint, timeout...); `apiDriver` is createApiDriver(). */
export function createApiDriver(options: ApiDriverOptions = {}) {
  return defineDriver<'api', ApiClient, { env: ResolvedEnvironment }>({
    name: 'api',
    scope: 'test',
    setup: async ({ env }, use) => {
      const api = apiClientFor(env, options);
      try {
        await use(api);
      } finally {
        await api.close();
      }
    },
  });
}

export const apiDriver = createApiDriver();

/** The native test type with the `api` fixture. */
export const test = base.extend<{ api: ApiClient }>(apiDriver);
