// The code samples of the Markdown pages: each ```js / ```ts block, with what its fence says it
// needs beyond this machine and the text block after it (its expected output); run as a user
// would, importing the built package by its own name.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');

export interface Sample {
  file: string;
  /** From the fence: what it needs beyond this machine, if anything. */
  needs: string | undefined;
  line: number;
  language: 'js' | 'ts';
  code: string;
  /** The text block right after the sample: its expected standard output. */
  output: string | undefined;
}

/** Fenced js/ts blocks of `file` (from the package root), each with the text block that
 * follows it directly, if any. */
export function samplesOf(file: string): Sample[] {
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

/** Where one test file writes its samples: inside the package, so that `import … from
 * 'mirai'` resolves to the package itself. */
export function sampleFolder(name: string): { dir: string; make(): void; remove(): void } {
  const dir = join(ROOT, 'test', '.samples', name);
  return {
    dir,
    make: () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface SampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `sample` with Node in a process of its own (in `cwd`, with `env` added to this
 * process's environment); resolves when it exits. */
export function runSample(sample: Sample, index: number, folder: string, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<SampleRun> {
  const path = join(folder, `${sample.file.replace(/[/.]/g, '-')}-${index}.${sample.language === 'ts' ? 'mts' : 'mjs'}`);
  writeFileSync(path, sample.code);
  const args = sample.language === 'ts' ? ['--import', 'tsx', path] : [path];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
