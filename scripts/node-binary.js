// Installs a Node release from the npm registry package that carries its binary
// (node-<platform>-<arch>@<major>, with bin/node inside) into a folder of its own, and prints
// the path of that binary. A binary already there is reused.
//
// usage: node scripts/node-binary.js <major> [folder]   (folder default: <tmpdir>/mirai-node)
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

function main(argv) {
  const [major, folder = join(tmpdir(), 'mirai-node')] = argv;
  if (!/^\d+$/.test(major ?? '')) throw new TypeError(`usage: node scripts/node-binary.js <major> [folder], got '${major ?? ''}'`);
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = resolve(folder, major);
  const binary = join(prefix, 'node_modules', pkg, 'bin', 'node');
  if (!existsSync(binary) || !runs(binary, major)) {
    // npm prints its progress to stderr: stdout carries the path alone.
    execFileSync(npmCommand(), ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', prefix, `${pkg}@${major}`], {
      stdio: ['ignore', process.stderr, 'inherit'],
    });
  }
  if (!runs(binary, major)) throw new Error(`${binary} does not run as Node ${major}`);
  process.stdout.write(`${binary}\n`);
}

/** True if `binary` starts and reports the expected major version. */
function runs(binary, major) {
  try {
    const version = execFileSync(binary, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 30_000 }).trim();
    return version.split('.')[0] === major;
  } catch {
    return false;
  }
}

/** npm beside this Node, so the script works where only this Node's bin folder is known. */
function npmCommand() {
  const beside = join(process.execPath, '..', 'npm');
  return existsSync(beside) ? beside : 'npm';
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`node-binary: ${error.message}\n`);
  process.exit(1);
}
