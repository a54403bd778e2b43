// The first thing a worker loads, before tsx registers its loader hooks
// (fork-worker.js puts it ahead of tsx in the worker's --import list).
// `expect` and its dependencies are some 30 CommonJS modules that every
// test file reaches through 'tollgate'; required here, by node alone, they
// skip the hooks' round trips, and the test files' `import { expect }`
// finds them in the require cache. Plain JavaScript: tsx is not there yet.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('expect');
