// Builds the TypeScript: CommonJS + declarations with tsc, then a thin ESM face over the same
// CommonJS module, so that `import` and `require` share one copy of module state.
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdirSync, writeFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const cjs = join(root, 'dist', 'cjs');
const esm = join(root, 'dist', 'esm');

rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
  stdio: 'inherit',
});
writeFileSync(join(cjs, 'package.json'), '{ "type": "commonjs" }\n');

// The named exports are read from the built modules rather than listed by hand, so the two
// faces cannot drift apart. Loading one loads the addon, which must therefore be built first;
// without it, the ESM face is derived from the source's export list instead.
mkdirSync(esm, { recursive: true });
for (const entry of ['index', 'nng']) writeEsmFace(entry);

function writeEsmFace(entry) {
  const names = exportNames(entry);
  writeFileSync(
    join(esm, `${entry}.mjs`),
    `// ESM face of the CommonJS build: one copy of module state for import and require.\n` +
      `import cjs from '../cjs/${entry}.js';\n` +
      `export const { ${names.join(', ')} } = cjs;\n`,
  );
  writeFileSync(join(esm, `${entry}.d.mts`), `export * from '../cjs/${entry}.js';\n`);
}

function exportNames(entry) {
  try {
    return Object.keys(require(join(cjs, `${entry}.js`))).filter((n) => n !== '__esModule');
  } catch {
    const source = require('node:fs').readFileSync(join(root, 'src', `${entry}.ts`), 'utf8');
    const names = [];
    for (const m of source.matchAll(/^export \{([^}]*)\} from/gm)) {
      for (const part of m[1].split(',')) {
        const name = part.trim().split(/\s+as\s+/).pop();
        if (name && !name.startsWith('type ')) names.push(name);
      }
    }
    return names;
  }
}
