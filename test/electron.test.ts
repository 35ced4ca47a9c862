// What plain Node can check of Electron use (Electron itself cannot be installed here): the
// package laid out as electron-builder unpacks it, `resources/app.asar.unpacked/node_modules/
// mirai`, loads its prebuild from there with ELECTRON_RUN_AS_NODE set (node-gyp-build's
// Electron path), and daemons run in processes started with process.execPath and
// ELECTRON_RUN_AS_NODE=1 that load that same prebuild.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { withTimeout } from './helpers';

const test = suite('electron');
const ROOT = join(__dirname, '..');
const TUPLE = `${process.platform}-${process.arch}`;
const work = mkdtempSync(join(tmpdir(), 'mirai-electron-'));
const RESOURCES = join(work, 'resources');
const UNPACKED = join(RESOURCES, 'app.asar.unpacked');
const PACKAGE = join(UNPACKED, 'node_modules', 'mirai');

/** The files an app ships with mirai unpacked: the built library and the prebuild of this
 * platform only, with node-gyp-build beside it (no build/ folder, so nothing else to load). */
function layOut(): void {
  mkdirSync(join(PACKAGE, 'prebuilds'), { recursive: true });
  for (const file of ['package.json', 'CMakeLists.txt', 'LICENSE', 'LICENSE.note']) cpSync(join(ROOT, file), join(PACKAGE, file));
  cpSync(join(ROOT, 'dist'), join(PACKAGE, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'prebuilds', TUPLE), join(PACKAGE, 'prebuilds', TUPLE), { recursive: true });
  cpSync(join(ROOT, 'node_modules', 'node-gyp-build'), join(UNPACKED, 'node_modules', 'node-gyp-build'), { recursive: true });
}

interface Report {
  parentAddon: string;
  set: number;
  daemons: { pid: number; execPath: string; runAsNode: string | undefined; addon: string | undefined }[];
  self: number;
}

/** The app's main script, run as Electron would run it if it were Node: it reports which addon
 * file this process and each daemon loaded, from the report's list of shared objects. */
const MAIN = `const { daemons, mirai } = require('mirai');
const loaded = () => process.report.getReport().sharedObjects.find((f) => f.endsWith('.node'));
(async () => {
  const set = await daemons(2);
  const probe = () => ({
    pid: process.pid,
    execPath: process.execPath,
    runAsNode: process.env.ELECTRON_RUN_AS_NODE,
    addon: process.report.getReport().sharedObjects.find((f) => f.endsWith('.node')),
  });
  const daemonsSeen = await Promise.all([1, 2, 3, 4, 5, 6].map(() => mirai(probe)));
  await daemons(0);
  console.log(JSON.stringify({ parentAddon: loaded(), set, daemons: daemonsSeen, self: process.pid }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

function runMain(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [join(UNPACKED, 'main.js')], { cwd: UNPACKED, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
  return withTimeout(done, 90_000, 'the app main script').catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
}

test.before(() => {
  assert.ok(existsSync(join(ROOT, 'prebuilds', TUPLE)), `prebuilds/${TUPLE} exists (npm run prebuildify)`);
  layOut();
  writeFileSync(join(UNPACKED, 'main.js'), MAIN);
});

test.after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('the unpacked layout loads its prebuild with ELECTRON_RUN_AS_NODE set, and daemons run as Node from process.execPath', async () => {
  // PREBUILDS_ONLY: were there a build/ folder, node-gyp-build must not prefer it.
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1', PREBUILDS_ONLY: '1' };
  delete env.MIRAI_NATIVE_BINDING;
  const { code, out, err } = await runMain(env);
  assert.is(code, 0, `main.js exit code (stderr: ${err})`);
  const report = JSON.parse(out.trim().split('\n').pop() ?? '') as Report;
  const prebuild = join(PACKAGE, 'prebuilds', TUPLE, readdirSync(join(PACKAGE, 'prebuilds', TUPLE))[0]);
  assert.is(report.parentAddon, prebuild, 'the app loaded the unpacked prebuild');
  assert.is(report.set, 2);
  const pids = new Set(report.daemons.map((d) => d.pid));
  assert.ok(!pids.has(report.self), 'evaluated in daemons');
  for (const d of report.daemons) {
    assert.is(d.execPath, process.execPath, 'daemon started with process.execPath');
    assert.is(d.runAsNode, '1', 'daemon started with ELECTRON_RUN_AS_NODE=1');
    assert.is(d.addon, prebuild, 'daemon loaded the unpacked prebuild');
  }
});

test('daemons get ELECTRON_RUN_AS_NODE=1 even when the app itself runs without it', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PREBUILDS_ONLY: '1' };
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.MIRAI_NATIVE_BINDING;
  const { code, out, err } = await runMain(env);
  assert.is(code, 0, `main.js exit code (stderr: ${err})`);
  const report = JSON.parse(out.trim().split('\n').pop() ?? '') as Report;
  assert.ok(report.daemons.length === 6 && report.daemons.every((d) => d.runAsNode === '1'), JSON.stringify(report.daemons));
});

test.run();
