// What the run was on: CPU, cores, memory, Node, NNG, and the peers' versions.
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
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

/** Set, this variable costs every Node process its boot (nodeBoot below). */
const EXTRA_CA = 'NODE_EXTRA_CA_CERTS';

// The floor under every start-up that launches Node processes: Node's own boot, median of 5.
function bootMs(node, env) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(node, ['-e', '0'], { env, stdio: 'ignore', timeout: 30_000 });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b)[2];
}

/** Node's boot as this machine has it and, where it sets NODE_EXTRA_CA_CERTS, without it:
 * Node 20 with OpenSSL 3 then loads every CA certificate as each process starts. */
function nodeBoot(node) {
  const { [EXTRA_CA]: extraCa, ...without } = process.env;
  return { ms: bootMs(node, process.env), extraCa, withoutMs: extraCa === undefined ? undefined : bootMs(node, without) };
}

/** The version of the Node at `node`, as it reports it. */
function nodeVersion(node) {
  if (node === process.execPath) return process.version;
  return execFileSync(node, ['-p', 'process.version'], { encoding: 'utf8', timeout: 30_000 }).trim();
}

/** One plain description of this machine and software, with the Node the tools run on. */
function describeMachine(node = process.execPath) {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()}`,
    node: nodeVersion(node),
    nodePath: node,
    nng: nngVersion(),
    mirai: require(path.join(ROOT, 'package.json')).version,
    revision: revision(),
    peers: Object.fromEntries(PEERS.map((p) => [p, versionOf(p)])),
    boot: nodeBoot(node),
  };
}

module.exports = { describeMachine, EXTRA_CA };
