// Smoke test of a built addon, with the addon alone (no TypeScript, Node 18 or later): a req/rep
// round trip over ipc and one over TLS with a certificate the addon generates. Used on
// prebuilds that run where the test suite cannot, such as the arm64 one under qemu.
// `node scripts/smoke.js [path/to/mirai.node]`; without a path, node-gyp-build picks it.
'use strict';
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const LIMIT_MS = Number(process.env.MIRAI_SMOKE_TIMEOUT_MS || 60_000);

function loadAddon(file) {
  return file ? require(require('node:path').resolve(file)) : require('node-gyp-build')(join(__dirname, '..'));
}

async function roundTrip(addon, url, tls) {
  const rep = new addon.Socket('rep');
  const req = new addon.Socket('req');
  try {
    const listener = new addon.Listener(rep, url, tls ? { tls: tls.server } : {});
    new addon.Dialer(req, listener.url, { ...(tls ? { tls: tls.client } : {}), block: true });
    const question = `ping over ${url}`;
    await req.send(question);
    const got = (await rep.recv(LIMIT_MS)).toString();
    if (got !== question) throw new Error(`rep received '${got}', expected '${question}'`);
    await rep.send(`pong: ${got}`);
    const reply = (await req.recv(LIMIT_MS)).toString();
    if (reply !== `pong: ${question}`) throw new Error(`req received '${reply}'`);
    return listener.url;
  } finally {
    req.close();
    rep.close();
  }
}

async function tlsPair(addon) {
  const { cert, key } = await addon.generateCertificate({ commonName: '127.0.0.1' });
  const server = new addon.TlsConfig('server');
  server.setCertKey(cert, key);
  const client = new addon.TlsConfig('client');
  client.setCaChain(cert);
  return { server, client };
}

async function main() {
  const started = Date.now();
  const addon = loadAddon(process.argv[2]);
  const { nng, mbedtls, tlsEngine } = addon.versions;
  process.stdout.write(`smoke: ${process.platform}-${process.arch} node ${process.version}, NNG ${nng}, Mbed TLS ${mbedtls} (${tlsEngine})\n`);
  const ipc = await roundTrip(addon, `ipc://${join(tmpdir(), `mirai-smoke-${process.pid}.ipc`)}`);
  process.stdout.write(`smoke: req/rep round trip over ${ipc}\n`);
  const tls = await roundTrip(addon, 'tls+tcp://127.0.0.1:0', await tlsPair(addon));
  process.stdout.write(`smoke: req/rep round trip over ${tls}\n`);
  addon.shutdown();
  process.stdout.write(`smoke: ok in ${Date.now() - started} ms\n`);
}

const timer = setTimeout(() => {
  process.stderr.write(`smoke: not done within ${LIMIT_MS} ms\n`);
  process.exit(1);
}, LIMIT_MS);
main().then(
  () => clearTimeout(timer),
  (error) => {
    process.stderr.write(`smoke: failed: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
