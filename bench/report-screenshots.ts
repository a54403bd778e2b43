// The README's report screenshots (issue 16): the first screen of the HTML
// report, in the system's Chromium at 1280x800, for
//   deploy-healthy   the deploy gate on a healthy POD,
//   deploy-latency   the deploy gate with the POD's latency fault,
//   promote-leak     the promote gate (the soak) with the POD's leak fault,
// and the load panels of the healthy run further down (deploy-healthy-loads).
// A faulty run's crossed limit must be on the first screen: the script fails
// when its panel is not.
//
// 1. Run each gate on the reference POD into --work DIR (default a new
//    temporary folder) as DIR/deploy-healthy/, deploy-latency/, promote-leak/;
//    a run directory already there with the verdict it should have is kept,
//    so a run the machine spoiled (a POD too slow to start) is simply run again.
// 2. `tollgate report RUN --reporter html=FILE` for each.
// 3. Open each report offline and save docs/screenshots/<name>.png.
//
//   npx tsx bench/report-screenshots.ts [--work DIR] [--duration 30s] [--out docs/screenshots]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.TOLLGATE_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'];
const VIEWPORT = { width: 1280, height: 800 };

const { values } = parseArgs({ options: { work: { type: 'string' }, duration: { type: 'string', default: '30s' }, out: { type: 'string', default: path.join(repoRoot, 'docs/screenshots') } } });

interface Shot {
  name: string;
  gate: string;
  faults: string;
  /** The report must show a crossed limit on its first screen. */
  crossed: boolean;
  /** The verdict the run must have to be a picture of what it says. */
  status: string;
}
const SHOTS: Shot[] = [
  { name: 'deploy-healthy', gate: 'deploy', faults: '', crossed: false, status: 'PASS' },
  { name: 'deploy-latency', gate: 'deploy', faults: 'latency', crossed: true, status: 'FAIL' },
  { name: 'promote-leak', gate: 'promote', faults: 'leak', crossed: true, status: 'FAIL' },
];

function tollgate(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'framework/cli/bin.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --conditions=tollgate-source`.trim(), ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const work = values.work ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-shots-'));
fs.mkdirSync(work, { recursive: true });
fs.mkdirSync(values.out!, { recursive: true });
const statusOf = (runDir: string) => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(runDir, 'verdict.json'), 'utf8')) as { status: string }).status;
  } catch {
    return undefined;
  }
};
const reports = new Map<string, string>();
for (const shot of SHOTS) {
  const runDir = path.join(work, shot.name);
  if (statusOf(runDir) !== shot.status) {
    fs.rmSync(runDir, { recursive: true, force: true });
    console.log(`running the ${shot.gate} gate${shot.faults ? ` with the ${shot.faults} fault` : ' on a healthy POD'} ...`);
    const started = performance.now();
    const code = await tollgate(['run', '--gate', shot.gate, '--duration', values.duration!, '-o', runDir, '--reporter', 'console'], { TOLLGATE_POD_FAULTS: shot.faults });
    console.log(`  exit ${code} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    // A healthy POD that fails, or a fault that is not caught, is not a picture of what the README says: run it again.
    if (statusOf(runDir) !== shot.status) throw new Error(`${shot.name}: the verdict is ${statusOf(runDir) ?? 'missing'}, not ${shot.status} (see ${runDir}); run the script again with --work ${work}`);
  }
  const file = path.join(work, `${shot.name}.html`);
  await tollgate(['report', runDir, '--reporter', `html=${file}`], {});
  if (!fs.existsSync(file)) throw new Error(`${shot.name}: no report written from ${runDir}`);
  reports.set(shot.name, file);
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
try {
  const page = await browser.newPage({ viewport: VIEWPORT });
  // Offline: the report may load nothing but itself.
  await page.route((url) => url.protocol !== 'file:' && url.protocol !== 'data:', (route) => route.abort());
  for (const shot of SHOTS) {
    await page.goto(pathToFileURL(reports.get(shot.name)!).href);
    await page.locator('#rows .row').first().waitFor();
    if (shot.crossed) {
      const box = await page.locator('#crossed .load-panel, #crossed .soak').first().boundingBox();
      if (!box || box.y + 120 > VIEWPORT.height) throw new Error(`${shot.name}: the crossed limit's panel is not on the first screen (${box ? `at y=${Math.round(box.y)}` : 'none'})`);
    }
    const png = path.join(values.out!, `${shot.name}.png`);
    await page.screenshot({ path: png });
    console.log(`${path.relative(repoRoot, png)}: ${(fs.statSync(png).size / 1024).toFixed(0)} KB`);
    if (!shot.crossed) {
      await page.locator('#loads').scrollIntoViewIfNeeded();
      await page.evaluate(() => document.querySelector('#loads')?.scrollIntoView());
      const loads = path.join(values.out!, `${shot.name}-loads.png`);
      await page.screenshot({ path: loads });
      console.log(`${path.relative(repoRoot, loads)}: ${(fs.statSync(loads).size / 1024).toFixed(0)} KB`);
    }
  }
} finally {
  await browser.close();
}
console.log(`run directories in ${work}`);
