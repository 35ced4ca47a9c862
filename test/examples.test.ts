// The examples run as tests: the main job must work as the README says.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withTimeout } from './helpers';

const root = join(__dirname, '..');

function run(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('the build the examples load exists (npm ci builds it)', () => {
  assert.ok(existsSync(join(root, 'dist', 'cjs', 'index.js')), 'dist/cjs/index.js: run npm run build:ts');
});

test('examples/main.js (npm start) estimates pi and counts primes on local daemons', async () => {
  const result = await withTimeout(run(join('examples', 'main.js')), 120_000, 'examples/main.js');
  assert.is(result.code, 0, result.stderr);
  const pi = /pi ≈ (\d\.\d+)/.exec(result.stdout);
  assert.ok(pi, result.stdout);
  assert.ok(Math.abs(Number(pi![1]) - Math.PI) < 0.01, `pi estimate ${pi![1]}`);
  assert.match(result.stdout, /148,933 primes below 2,000,000 in 200 tasks/);
  const perDaemon = [...result.stdout.matchAll(/daemon \d: (\d+) tasks complete/g)].map((m) => Number(m[1]));
  assert.is(perDaemon.length, 4);
  assert.is(perDaemon.reduce((a, b) => a + b, 0), 200);
});

test.run();
