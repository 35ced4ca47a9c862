// The public API's types: test/types/*.ts (inferred result types that must hold, calls that
// must not compile) type-check with tsc, and the check itself can fail.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT, runToEnd, start } from './processes';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
// tsc takes about 15 s here; a loaded 2-core machine can take several times that.
const LIMIT_MS = 180_000;

function tsc(project: string, label: string) {
  return runToEnd(start(process.execPath, [TSC, '--noEmit', '-p', project]), LIMIT_MS, label);
}

test('test/types compiles: every Expect holds, and every @ts-expect-error line is an error', async () => {
  const result = await tsc(join(ROOT, 'test', 'types', 'tsconfig.json'), 'tsc test/types');
  assert.is(result.code, 0, `tsc test/types:\n${result.stdout}${result.stderr}`);
});

test('a wrong Expect and a call that compiles under @ts-expect-error both fail the check', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mirai-types-'));
  try {
    const expect = JSON.stringify(join(ROOT, 'test', 'types', 'expect'));
    const index = JSON.stringify(join(ROOT, 'src', 'index'));
    writeFileSync(
      join(dir, 'wrong.ts'),
      `import type { Equal, Expect } from ${expect};\nimport { mirai } from ${index};\n` +
        `const m = mirai(() => 1);\n` +
        `export type Wrong = Expect<Equal<typeof m, ReturnType<typeof mirai<() => string>>>>;\n` +
        `export type Any = Expect<Equal<any, number>>;\n` +
        `// @ts-expect-error\nmirai(() => 1, {}, { timeout: 5 });\n`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), compilerOptions: { noEmit: true, rootDir: '/', typeRoots: [join(ROOT, 'node_modules', '@types')] }, files: [join(dir, 'wrong.ts')] }),
    );
    const result = await tsc(join(dir, 'tsconfig.json'), 'tsc wrong.ts');
    const errors = [...result.stdout.matchAll(/wrong\.ts\((\d+),\d+\): error (TS\d+)/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.equal(errors, ['4 TS2344', '5 TS2344', '6 TS2578'], result.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
