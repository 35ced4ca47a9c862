// Every code sample in the README, CONTRIBUTING and docs/ runs as written, against the built
// package (imported by its own name, as a user would), and prints what the text block after it
// says, where there is one. A sample that needs what one machine cannot be (other hosts over
// SSH, a scheduler, Electron, a user's certificate files) says so in its fence (```js
// needs=ssh), and the test its page names runs it against real parts (docs/distributed.md's,
// as written: test/distributed.test.ts).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT, runSample, sampleFolder, samplesOf } from './docSamples';
import { withTimeout } from './helpers';

const SAMPLE_LIMIT_MS = 90_000;
const samples = sampleFolder('docs');

/** What a sample may need that this machine is not. */
const NEEDS = ['ssh', 'scheduler', 'electron', 'certificates'];

function documents(): string[] {
  const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f));
  return ['README.md', 'CONTRIBUTING.md', ...docs];
}

test.before(() => samples.make());

test.after(() => samples.remove());

test('the README and every page in docs/ hold samples to run', () => {
  assert.ok(samplesOf('README.md').length >= 2, 'README samples');
  for (const page of ['docs/nng.md', 'docs/performance.md']) assert.ok(samplesOf(page).length >= 1, page);
});

test('a sample that is not run names what it needs, from a short list', () => {
  for (const file of documents()) {
    for (const sample of samplesOf(file)) {
      if (sample.needs !== undefined) assert.ok(NEEDS.includes(sample.needs), `${file}:${sample.line} needs=${sample.needs}`);
    }
  }
});

for (const file of documents()) {
  samplesOf(file).forEach((sample, index) => {
    if (sample.needs !== undefined) return;
    test(`${file}:${sample.line} runs as written${sample.output === undefined ? '' : ' and prints what it says'}`, async () => {
      const result = await withTimeout(runSample(sample, index, samples.dir), SAMPLE_LIMIT_MS, `${file}:${sample.line}`);
      assert.is(result.code, 0, `exit code (stderr: ${result.stderr})`);
      if (sample.output !== undefined) assert.fixture(result.stdout, sample.output);
    });
  });
}

test.run();
