import { defineConfig } from 'tollgate';

/**
 * Tollgate's own suites against the embedded reference POD
 * (environments/local.ts). `npm start` runs the merge gate.
 */
export default defineConfig({
  timeout: 15_000,
  suites: [
    { name: 'pod-unit', kind: 'unit', runner: 'tap', files: 'suites/unit/**/*.tap.ts', timeout: 30_000 },
    { name: 'smoke', kind: 'smoke', files: 'suites/smoke/**/*.spec.ts', tags: ['smoke'] },
    // Portal (system Chromium) and API together against the reference POD: the deploy gate.
    { name: 'portal-api', kind: 'integration', files: 'suites/integration/*.spec.ts', tags: ['integration'], timeout: 30_000 },
    // Packet vectors on a Linux bridge and on Open vSwitch in network namespaces; skipped without root.
    { name: 'switch', kind: 'integration', files: 'suites/integration/switch/*.spec.ts', tags: ['packet'], timeout: 60_000 },
    // The same API checks as a Robot Framework suite (runner 'robot'); output.xml in <run dir>/robot/robot-api/.
    { name: 'robot-api', kind: 'integration', runner: 'robot', files: 'suites/integration/robot-api/**/*.robot' },
    // Load on the POD's API and event stream (drivers/traffic): thresholds and baselines from the archive; the deploy gate.
    { name: 'performance', kind: 'performance', files: 'suites/performance/**/*.spec.ts', tags: ['performance'], timeout: 60_000 },
    // A steady load on the POD for --duration (default 30s), memory scraped from /metrics: drift and leak criteria; the promote gate.
    { name: 'soak', kind: 'soak', files: 'suites/soak/**/*.spec.ts', tags: ['soak'], timeout: 120_000 },
  ],
  gates: {
    merge: {
      description: 'Before a merge: unit and smoke suites, quick; flaky tests warn.',
      kinds: ['unit', 'smoke'],
      policy: { flaky: 'warn' },
    },
    deploy: {
      description: 'Before a deploy to a QA POD: integration and performance suites.',
      kinds: ['integration', 'performance'],
    },
    promote: {
      description: 'Before promotion to production: soak suites.',
      kinds: ['soak'],
      // A soak resumed with --resume after its harness died: at most 5 minutes without load in total.
      policy: { soak: { maxGap: '5m' } },
    },
  },
});
