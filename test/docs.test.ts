// Every code sample in the README, CONTRIBUTING and docs/ runs as written, against the built
// package (imported by its own name, as a user would), and prints what the text block after it
// says, where there is one. A sample that needs what one machine cannot be (other hosts over
// SSH, a scheduler, Electron, a user's certificate files) says so in its fence (```js
// needs=ssh); the tests named on its page run the same calls against real parts.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withTimeout } from './helpers';

const ROOT = join(__dirname, '..');
// Inside the package, so that `import … from 'mirai'` resolves to the package itself.
const SAMPLES = join(ROOT, 'test', '.samples');
const SAMPLE_LIMIT_MS = 90_000;

/** What a sample may need that this machine is not. */
const NEEDS = ['ssh', 'scheduler', 'electron', 'certificates'];

interface Sample {
  file: string;
  /** From the fence: what it needs beyond this machine, if anything. */
  needs: string | undefined;
  line: number;
  language: 'js' | 'ts';
  code: string;
  /** The text block right after the sample: its expected standard output. */
  output: string | undefined;
}

function documents(): string[] {
  const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f));
  return ['README.md', 'CONTRIBUTING.md', ...docs];
}

/** Fenced js/ts blocks, each with the text block that follows it directly, if any. */
function samplesOf(file: string): Sample[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const blocks = [...text.matchAll(/^```(\w*)(?: needs=(\w+))?\n([\s\S]*?)^```\n/gm)];
  const samples: Sample[] = [];
  blocks.forEach((block, i) => {
    const language = block[1];
    if (language !== 'js' && language !== 'ts') return;
    const next = blocks[i + 1];
    const between = next ? text.slice(block.index! + block[0].length, next.index) : '';
    const output = next && next[1] === 'text' && between.trim() === '' ? next[3] : undefined;
    samples.push({ file, line: text.slice(0, block.index).split('\n').length, language, needs: block[2], code: block[3], output });
  });
  return samples;
}

function run(sample: Sample, index: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const path = join(SAMPLES, `${sample.file.replace(/[/.]/g, '-')}-${index}.${sample.language === 'ts' ? 'mts' : 'mjs'}`);
  writeFileSync(path, sample.code);
  const args = sample.language === 'ts' ? ['--import', 'tsx', path] : [path];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test.before(() => {
  rmSync(SAMPLES, { recursive: true, force: true });
  mkdirSync(SAMPLES, { recursive: true });
});

test.after(() => rmSync(SAMPLES, { recursive: true, force: true }));

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
      const result = await withTimeout(run(sample, index), SAMPLE_LIMIT_MS, `${file}:${sample.line}`);
      assert.is(result.code, 0, `exit code (stderr: ${result.stderr})`);
      if (sample.output !== undefined) assert.fixture(result.stdout, sample.output);
    });
  });
}

test.run();
