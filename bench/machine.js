// What the run was on: CPU, cores, memory, Node, NNG, and the peers' versions.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const PEERS = ['piscina', 'tinypool', 'workerpool'];

function cpuModel() {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1].trim();
  } catch {
    // not Linux: fall back on Node's view
  }
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

// Some packages do not export their package.json: walk up from the resolved entry point.
function versionOf(name) {
  let dir;
  try {
    dir = path.dirname(require.resolve(name));
  } catch {
    return 'not installed';
  }
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (pkg.name === name) return pkg.version;
  }
  return 'unknown';
}

function nngVersion() {
  try {
    return require('node-gyp-build')(ROOT).versions.nng;
  } catch {
    return 'unknown';
  }
}

// The commit measured, and whether the sources differ from it (the build is of the work tree).
function revision() {
  try {
    const git = (...args) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'binding') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes in src/ or binding/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** One plain description of this machine and software. */
function describeMachine() {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    nng: nngVersion(),
    mirai: require(path.join(ROOT, 'package.json')).version,
    revision: revision(),
    peers: Object.fromEntries(PEERS.map((p) => [p, versionOf(p)])),
  };
}

module.exports = { describeMachine };
