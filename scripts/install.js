// npm install step: use a prebuilt or already built addon when one loads; otherwise build it
// from the vendored sources with cmake-js, offline.
'use strict';
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');

function addonLoads() {
  if (process.env.MIRAI_FORCE_BUILD) return false;
  try {
    require('node-gyp-build')(root);
    return true;
  } catch {
    return false;
  }
}

if (addonLoads()) {
  process.stdout.write('mirai: native addon found, no build needed\n');
} else {
  process.stdout.write('mirai: building the native addon from deps/ (NNG, Mbed TLS) with cmake-js\n');
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js');
  execFileSync(process.execPath, [cmakeJs, 'compile', '--out', join(root, 'build')], { cwd: root, stdio: 'inherit' });
}
