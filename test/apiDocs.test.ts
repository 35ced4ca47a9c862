// The API reference: `npm run docs` (TypeDoc, typedoc.json) builds with no warning, every export
// of the two entries (mirai, mirai/nng) carries a summary, and a new undocumented export fails
// the build (warnings are errors).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT, runToEnd, start } from './processes';

const test = suite('api docs');
const TYPEDOC = join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');
// TypeDoc takes about 15 s here; a loaded 2-core machine can take several times that.
const LIMIT_MS = 240_000;

let work = '';
test.before(() => {
  work = mkdtempSync(join(tmpdir(), 'mirai-api-docs-'));
});
test.after(() => {
  rmSync(work, { recursive: true, force: true });
});

function typedoc(args: string[], label: string) {
  return runToEnd(start(process.execPath, [TYPEDOC, ...args]), LIMIT_MS, label);
}

/** The names an entry exports, values and types: its `export … from` lines and its own
 * exported declarations. */
function exportedNames(entry: string): string[] {
  const source = readFileSync(join(ROOT, 'src', `${entry}.ts`), 'utf8');
  const names: string[] = [];
  for (const m of source.matchAll(/^export (?:declare )?(?:async )?(?:function|class|const|interface|type) (\w+)/gm)) names.push(m[1]);
  for (const m of source.matchAll(/^export (?:type )?\{([^}]*)\} from/gm)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop();
      if (name) names.push(name);
    }
  }
  return names;
}

interface Reflection {
  name: string;
  comment?: { summary: { text: string }[] };
  signatures?: Reflection[];
  children?: Reflection[];
}

function summaryOf(r: Reflection): string {
  const comment = r.comment ?? r.signatures?.find((s) => s.comment)?.comment;
  return comment ? comment.summary.map((part) => part.text).join('').trim() : '';
}

test('npm run docs builds the reference with no warning, and documents every export of both entries', async () => {
  const json = join(work, 'api.json');
  const result = await typedoc(['--out', join(work, 'html'), '--json', json], 'typedoc');
  assert.is(result.code, 0, `typedoc:\n${result.stdout}${result.stderr}`);
  assert.not.match(result.stdout + result.stderr, /warning/i);
  const project = JSON.parse(readFileSync(json, 'utf8')) as Reflection;
  for (const entry of ['index', 'nng']) {
    const page = project.children?.find((c) => c.name === entry);
    assert.ok(page, `the reference has a page for ${entry}`);
    const names = exportedNames(entry);
    assert.ok(names.length > (entry === 'index' ? 60 : 25), `${entry} exports ${names.length} names`);
    for (const name of names) {
      const reflection = page!.children?.find((c) => c.name === name);
      assert.ok(reflection, `${entry}: ${name} is in the reference`);
      assert.ok(summaryOf(reflection!).length > 10, `${entry}: ${name} has a summary`);
    }
  }
});

test('an undocumented export fails the build', async () => {
  const entry = join(work, 'entry.ts');
  writeFileSync(entry, `/** Documented. */\nexport const documented = 1;\nexport function undocumented(): number {\n  return 2;\n}\n`);
  writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, types: [] }, files: [entry] }));
  // The project's options, pointed at this entry (on the command line, TypeDoc would still
  // check the entry against the project's tsconfig).
  const options = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8')) as Record<string, unknown>;
  Object.assign(options, { entryPoints: [entry], tsconfig: join(work, 'tsconfig.json'), out: join(work, 'bad') });
  writeFileSync(join(work, 'typedoc.json'), JSON.stringify(options));
  const result = await typedoc(['--options', join(work, 'typedoc.json')], 'typedoc on an undocumented export');
  assert.is.not(result.code, 0, 'the build fails');
  assert.match(result.stdout + result.stderr, /undocumented .*does not have any documentation/);
});

test.run();
