// The examples run as tests: the main job must work as the README says. They load the build
// (dist/, made by npm ci), as a user's script loads the package.
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runToEnd, start } from './processes';

test('examples/main.js (npm start) estimates pi and counts primes on local daemons', async () => {
  const result = await runToEnd(start(process.execPath, [join('examples', 'main.js')]), 120_000, 'examples/main.js');
  assert.is(result.code, 0, `exit code (a missing dist/: run npm run build:ts); stderr: ${result.stderr}`);
  const pi = /pi ≈ (\d\.\d+)/.exec(result.stdout);
  assert.ok(pi, result.stdout);
  assert.ok(Math.abs(Number(pi![1]) - Math.PI) < 0.01, `pi estimate ${pi![1]}`);
  assert.match(result.stdout, /148,933 primes below 2,000,000 in 200 tasks/);
  const perDaemon = [...result.stdout.matchAll(/daemon \d: (\d+) tasks complete/g)].map((m) => Number(m[1]));
  assert.is(perDaemon.length, 4);
  assert.is(perDaemon.reduce((a, b) => a + b, 0), 200);
});

test.run();
