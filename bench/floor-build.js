// Finds, or builds, the C floor program (bench/nng_floor.c) with the addon's own CMake project.
'use strict';

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

// Where single- and multi-config generators put the executable.
const FLOOR_PATHS = ['nng_floor', 'Release/nng_floor'];

/** The executable's path: in cmake-js's build dir if it exists, otherwise a private one for
 * this checkout (a build dir configured from another checkout, since removed, would not
 * build). The target is rebuilt when its source changed (CMake decides; a no-op build is quick). */
function ensureFloor() {
  const cmakeJsBuild = path.join(ROOT, 'build');
  const buildDir = fs.existsSync(path.join(cmakeJsBuild, 'CMakeCache.txt'))
    ? cmakeJsBuild
    : path.join(os.tmpdir(), `mirai-nng-floor-${crypto.createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`);
  if (!fs.existsSync(path.join(buildDir, 'CMakeCache.txt'))) configureFloor(buildDir);
  cmake(['--build', buildDir, '--target', 'nng_floor']);
  const built = FLOOR_PATHS.map((f) => path.join(buildDir, f)).find((f) => fs.existsSync(f));
  if (!built) throw new Error(`nng_floor was not found in ${buildDir} after building it`);
  return built;
}

function configureFloor(buildDir) {
  process.stderr.write(`configuring nng_floor in ${buildDir}\n`);
  const include = [
    require('node-api-headers').include_dir,
    path.dirname(require.resolve('node-addon-api/package.json')),
  ].join(';');
  const generator = spawnSync('ninja', ['--version']).status === 0 ? ['-G', 'Ninja'] : [];
  cmake(['-S', ROOT, '-B', buildDir, ...generator, '-DCMAKE_BUILD_TYPE=Release', `-DCMAKE_JS_INC=${include}`]);
}

// CMake's output (including NNG's licence notice) is shown only when it fails.
function cmake(args) {
  const result = spawnSync('cmake', args, { encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) {
    process.stderr.write((result.stdout ?? '') + (result.stderr ?? ''));
    throw new Error(`cmake ${args.join(' ')} failed`);
  }
}

module.exports = { ensureFloor };
