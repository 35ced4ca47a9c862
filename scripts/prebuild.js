// `npm run prebuildify [-- --arch arm64 --toolchain FILE --libc musl]`: builds the addon with
// cmake-js and copies it to prebuilds/<platform>-<arch>/mirai.napi[.<libc>].node, the layout
// and tags prebuildify uses, which node-gyp-build (src/native.ts, scripts/install.js) reads.
// The one binary serves every Node and Electron version with N-API 8; the C++ runtime is
// linked into it and its symbols stripped (MIRAI_PREBUILD). A toolchain file cross-compiles (see
// scripts/cross-arm64.sh); the platform is always this machine's.
'use strict';
const { execFileSync } = require('node:child_process');
const { copyFileSync, mkdirSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { parseArgs } = require('node:util');
const { hostLibc } = require('./libc');

const root = join(__dirname, '..');

function options() {
  const { values } = parseArgs({
    options: {
      arch: { type: 'string', default: process.arch },
      libc: { type: 'string' },
      toolchain: { type: 'string' },
    },
  });
  const libc = process.platform === 'linux' ? (values.libc ?? hostLibc()) : undefined;
  if (libc !== undefined && libc !== 'glibc' && libc !== 'musl') throw new Error(`--libc must be glibc or musl, not ${libc}`);
  const cross = values.arch !== process.arch || values.toolchain !== undefined;
  if (cross && values.toolchain === undefined && process.platform !== 'win32') {
    throw new Error(`building for ${values.arch} on ${process.arch} needs --toolchain <cmake toolchain file>`);
  }
  return { arch: values.arch, libc, toolchain: values.toolchain && resolve(values.toolchain), cross };
}

/** prebuildify's file name: tags joined by dots; napi makes it runtime- and ABI-agnostic. */
function prebuildPath({ arch, libc }) {
  const tags = ['mirai', 'napi', ...(libc ? [libc] : [])];
  return join(root, 'prebuilds', `${process.platform}-${arch}`, `${tags.join('.')}.node`);
}

function cmakeJs(command, outDir, extra) {
  const bin = require.resolve('cmake-js/bin/cmake-js');
  execFileSync(process.execPath, [bin, command, '--out', outDir, ...extra], { cwd: root, stdio: 'inherit' });
}

function main() {
  const opts = options();
  // The native build shares build/ with `npm run build:native`; a cross build gets its own.
  const outDir = opts.cross ? join(root, `build-${process.platform}-${opts.arch}${opts.libc ? `-${opts.libc}` : ''}`) : join(root, 'build');
  const defines = ['--CDMIRAI_PREBUILD=ON'];
  if (opts.toolchain) defines.push(`--CDCMAKE_TOOLCHAIN_FILE=${opts.toolchain}`);
  if (process.platform === 'win32' && opts.cross) defines.push('--arch', opts.arch);
  // configure, then build: `build` alone would keep an existing cache's settings.
  cmakeJs('configure', outDir, defines);
  cmakeJs('build', outDir, []);
  const target = prebuildPath(opts);
  mkdirSync(join(target, '..'), { recursive: true });
  copyFileSync(join(outDir, 'Release', 'mirai.node'), target);
  process.stdout.write(`prebuild: ${target} (${(statSync(target).size / 1024).toFixed(0)} KiB)\n`);
  // build/ goes back to the development build (symbols kept for profilers); only the link
  // options differ, so this relinks rather than recompiles.
  if (!opts.cross) {
    cmakeJs('configure', outDir, ['--CDMIRAI_PREBUILD=OFF']);
    cmakeJs('build', outDir, []);
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`prebuild: ${error.message}\n`);
  process.exit(1);
}
