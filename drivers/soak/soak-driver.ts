/**
 * The soak driver as a fixture: `soak(options)` runs a soak against the
 * test's environment, emits its windows as metric events of the test,
 * records each criterion for the gate's `soak` rule and throws a
 * SoakFailure naming the criteria that failed.
 *
 *   import { test } from '../../drivers/soak/index.ts';
 *   test('an hour of reads', async ({ soak }) => {
 *     await soak({ load: { rate: 200, request: { path: '/slices' } }, window: '5m', criteria: { memorySlope: '1MB/h' } });
 *   });
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { defineDriver, test as base, type ResolvedEnvironment } from 'tollgate';
import { testMetricSink } from '../traffic/metric-sink.ts';
import { METRICS_PORT_ENV } from './soak-metrics-server.ts';
import { runSoak, SOAK_CHECKPOINT_DIR_ENV, soakDuration, SoakFailure, type SoakOptions, type SoakResult } from './soak-run.ts';

export type SoakFunction = (options: SoakOptions & { throwOnFail?: boolean }) => Promise<SoakResult>;

export const soakDriver = defineDriver<'soak', SoakFunction, { env: ResolvedEnvironment }>({
  name: 'soak',
  scope: 'test',
  setup: async ({ env }, use, info) => {
    await use(async (options) => {
      // The test's timeout must outlast the soak: its duration plus a window and some slack.
      const duration = soakDuration(options);
      info.setTimeout(duration * 1.5 + 30_000);
      const port = process.env[METRICS_PORT_ENV];
      const checkpointDir = process.env[SOAK_CHECKPOINT_DIR_ENV];
      if (checkpointDir && !options.checkpoint) {
        const key = createHash('sha256').update(`${info.testId}\0${options.name ?? 'soak'}`).digest('hex').slice(0, 16);
        options = { ...options, checkpoint: path.resolve(checkpointDir, `${key}.json`) };
      } else if (!options.checkpoint) {
        // In the run directory by default: `tollgate run --resume RUN` finds it there with no setting.
        const key = createHash('sha256').update(options.name ?? 'soak').digest('hex').slice(0, 12);
        options = { ...options, checkpoint: info.outputPath(`soak-checkpoint-${key}.json`) };
      }
      const result = await runSoak(options, {
        endpoints: env.endpoints,
        sink: testMetricSink(info),
        testId: info.testId,
        attempt: info.retry,
        annotations: info.annotations,
        // A worker's stderr is the test's log: the message reaches events.ndjson and the reports.
        log: (line) => process.stderr.write(`${line}\n`),
        ...(port ? { metricsPort: Number(port) } : {}),
      });
      await info.attach(`soak ${result.name}.json`, { body: JSON.stringify(result, null, 2), contentType: 'application/json' });
      // A criterion that measured nothing is the gate's to judge (its notJudged policy), not the test's failure.
      if (result.criteria.some((c) => c.judged && !c.ok) && options.throwOnFail !== false) throw new SoakFailure(result);
      return result;
    });
  },
});

/** The native test type with the `soak` fixture (and `traffic`'s env). */
export const test = base.extend<{ soak: SoakFunction }>(soakDriver);
