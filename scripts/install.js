// npm install step: use a prebuilt or already built addon when one loads, and compile nothing;
// otherwise build it from the vendored sources with cmake-js, offline. When that build cannot
// even start, say in one message what to install, rather than let cmake-js fail mid-way.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { delimiter, join } = require('node:path');
const { hostLibc } = require('./libc');

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

function onPath(names) {
  const dirs = (process.env.PATH || '').split(delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (process.env.PATHEXT || '.EXE;.CMD;.BAT').split(';') : [''];
  return names.some((name) => dirs.some((dir) => exts.some((ext) => existsSync(join(dir, name + ext)))));
}

/** What a source build needs that this machine lacks. Windows' compiler is found by CMake
 * through Visual Studio's installer, not on PATH, so only cmake and patch are checked there. */
function missingTools() {
  const missing = [];
  if (!onPath(['cmake'])) missing.push('cmake (3.18 or later)');
  if (!onPath(['patch'])) missing.push('patch');
  if (process.platform !== 'win32') {
    if (!onPath(['c++', 'g++', 'clang++'])) missing.push('a C++17 compiler (g++ or clang++)');
    if (!onPath(['ninja', 'make'])) missing.push('make or ninja');
  }
  return missing;
}

const HOW_TO_INSTALL = {
  linux: 'Debian/Ubuntu: apt-get install cmake g++ make patch; Alpine: apk add cmake g++ make patch',
  darwin: 'macOS: xcode-select --install, then brew install cmake',
  win32: 'Windows: Visual Studio Build Tools with "Desktop development with C++", CMake, and Git for Windows (for patch)',
};

function platformName() {
  const libc = hostLibc();
  return `${process.platform}-${process.arch}${libc ? ` (${libc})` : ''}`;
}

function fail(message) {
  process.stderr.write(`\nmirai: ${message}\n\n`);
  process.exit(1);
}

function build() {
  const missing = missingTools();
  if (missing.length > 0) {
    fail(
      `no prebuilt addon for ${platformName()}, and it cannot be built from source here: missing ${missing.join(', ')}.\n` +
        `       Install ${missing.length > 1 ? 'them' : 'it'} and run npm install again.\n` +
        `       ${HOW_TO_INSTALL[process.platform] ?? 'Install CMake and a C++17 compiler.'}`,
    );
  }
  process.stdout.write(`mirai: no prebuilt addon for ${platformName()}; building it from deps/ (NNG, Mbed TLS) with cmake-js\n`);
  const cmakeJs = require.resolve('cmake-js/bin/cmake-js');
  try {
    execFileSync(process.execPath, [cmakeJs, 'compile', '--out', join(root, 'build')], { cwd: root, stdio: 'inherit' });
  } catch {
    fail('building the native addon from source failed: see the compiler output above.');
  }
}

if (addonLoads()) {
  process.stdout.write('mirai: native addon found, no build needed\n');
} else {
  build();
}
