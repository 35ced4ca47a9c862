// Runs every test file (test/*.test.ts, in name order) in its own Node process, each bounded
// in time, and closes with one line of totals.
'use strict';
const { spawn } = require('node:child_process');
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const FILE_LIMIT_MS = Number(process.env.MIRAI_TEST_FILE_TIMEOUT_MS || 300_000);
// Files that need longer, so that their own bounds fire first and report: the million-task
// queue takes about 2.5 minutes here, and its bounds add up to 470 s; the package test builds
// the addon from the packed sources once, which on a loaded 2-core machine took over 10 minutes.
const FILE_LIMITS_MS = { 'dispatcherQueue.test.ts': 480_000, 'package.test.ts': 1_800_000 };
const only = process.argv.slice(2);

function testFiles() {
  const all = readdirSync(join(root, 'test')).filter((f) => f.endsWith('.test.ts')).sort();
  return only.length ? all.filter((f) => only.some((o) => f.includes(o))) : all;
}

let running;

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

// A detached group no longer hears the terminal's Ctrl-C: pass it on.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (running) killGroup(running);
    process.exit(130);
  });
}

function runFile(file) {
  const limit = Math.max(FILE_LIMIT_MS, FILE_LIMITS_MS[file] ?? 0);
  return new Promise((resolve) => {
    // Each file in its own process group: one killed for its time limit takes the daemons and
    // services it started with it, rather than leaving them to the files after it.
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join('test', file)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, FORCE_COLOR: '0' },
      detached: true,
    });
    running = child;
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    const timer = setTimeout(() => {
      process.stdout.write(`\n${file}: exceeded ${limit} ms, killed\n`);
      killGroup(child);
    }, limit);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      running = undefined;
      resolve({ file, code, signal, ...count(output) });
    });
  });
}

function count(output) {
  const total = Number(/Total:\s+(\d+)/.exec(output)?.[1] ?? 0);
  const passed = Number(/Passed:\s+(\d+)/.exec(output)?.[1] ?? 0);
  return { total, passed };
}

async function main() {
  let passed = 0;
  let failed = 0;
  const broken = [];
  const started = Date.now();
  for (const file of testFiles()) {
    process.stdout.write(`\n# ${file}\n`);
    const result = await runFile(file);
    passed += result.passed;
    const fileFailed = result.total - result.passed;
    failed += fileFailed;
    if (result.code !== 0 || result.total === 0) {
      if (fileFailed === 0) failed += 1;  // a crash or hang counts even if no assertion failed
      broken.push(`${file} (exit ${result.code ?? result.signal})`);
    }
  }
  process.stdout.write(`\nFiles with failures: ${broken.length ? broken.join(', ') : 'none'}\n`);
  process.stdout.write(`Time: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 && broken.length === 0 ? 0 : 1);
}

main();
