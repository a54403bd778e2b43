// Loaded with NODE_OPTIONS=--import by bench/tollgate-phases.ts --cpu-prof:
// node refuses --cpu-prof in NODE_OPTIONS, and tollgate forks its workers
// with their own execArgv, so this is how every process of the tree (the CLI
// and each worker) gets profiled. Each writes <script>-<pid>.cpuprofile into
// TOLLGATE_BENCH_PROFILE_DIR when it exits.
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';

const dir = process.env.TOLLGATE_BENCH_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  // A same-thread inspector session answers synchronously, so this works inside an 'exit' handler.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      const script = path.basename(process.argv[1] ?? 'node');
      fs.writeFileSync(path.join(dir, `${script}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
