import { createRequire } from 'node:module';

export const TOLLGATE_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
