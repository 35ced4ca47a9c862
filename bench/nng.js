// Native-core benchmark: NNG req/rep through the addon against the same NNG driven from C.
//
// usage: node bench/nng.js [--quick]
// Prints a markdown table and writes it to bench/results/nng-latest.md.
'use strict';

const { execFileSync, fork } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { ensureFloor } = require('./floor-build');

const ROOT = path.join(__dirname, '..');
const RESULTS = path.join(__dirname, 'results', 'nng-latest.md');
const QUICK = process.argv.includes('--quick');
const REPEATS = 3;
const CONCURRENCY = 64;
const SIZES = [100, 1024 * 1024];
const TRANSPORTS = ['ipc', 'tcp'];

// Round trips per latency run and requests per throughput run, by payload size.
const COUNTS = QUICK
  ? { latency: { 100: 1000, [1024 * 1024]: 100 }, throughput: { 100: 10000, [1024 * 1024]: 200 } }
  : { latency: { 100: 5000, [1024 * 1024]: 500 }, throughput: { 100: 50000, [1024 * 1024]: 1000 } };

async function main() {
  const floor = ensureFloor();
  const addon = require('node-gyp-build')(ROOT);
  const rows = [];
  for (const transport of TRANSPORTS) {
    rows.push(...(await benchTransport(addon, floor, transport)));
  }
  const report = formatReport(addon, rows);
  console.log(report);
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, report);
}

// --- one transport -------------------------------------------------------------

// One echo child and one req socket serve every size and mode of a transport; each
// measurement warms up first. The C floor forks its own pair per run.
async function benchTransport(addon, floor, transport) {
  const echo = await startEcho(await makeUrl(transport));
  const client = openClient(addon, echo.url);
  const rows = [];
  try {
    for (const size of SIZES) {
      const payload = Buffer.alloc(size, 'x');
      for (const mode of ['latency', 'throughput']) {
        const count = COUNTS[mode][size];
        const binding = [];
        const c = [];
        // Alternate the two so drift in the machine's load hits both alike.
        for (let i = 0; i < REPEATS; i++) {
          binding.push(await measureBinding(client, mode, payload, count));
          c.push(runFloor(floor, await makeUrl(transport), mode, size, count));
        }
        rows.push({ transport, size, mode, binding: medianOf(binding), c: medianOf(c) });
        process.stderr.write(`${transport} ${formatSize(size)} ${mode}: done\n`);
      }
    }
  } finally {
    client.close();
    await stopEcho(echo);
  }
  return rows;
}

function openClient(addon, url) {
  const sock = new addon.Socket('req');
  sock.setOption('recv-size-max', 0);
  const dialer = new addon.Dialer(sock, url, { block: true });
  const contexts = Array.from({ length: CONCURRENCY }, () => new addon.Context(sock));
  return {
    contexts,
    close() {
      contexts.forEach((ctx) => ctx.close());
      dialer.close();
      sock.close();
    },
  };
}

function startEcho(url) {
  const child = fork(path.join(__dirname, 'nng-echo.js'), [url, String(CONCURRENCY)]);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`nng-echo exited with code ${code} before listening`)));
    child.once('message', (msg) => {
      child.removeAllListeners('exit');
      resolve({ child, url: msg.ready });
    });
  });
}

function stopEcho(echo) {
  return new Promise((resolve) => {
    if (echo.child.exitCode !== null) return resolve();
    echo.child.once('exit', resolve);
    echo.child.disconnect();
  });
}

// --- the binding's side ---------------------------------------------------------

function measureBinding(client, mode, payload, count) {
  return mode === 'latency'
    ? bindingLatency(client.contexts[0], payload, count)
    : bindingThroughput(client.contexts, payload, count);
}

// Like the C floor, each reply goes back out as the next request, handed over without a copy
// (`transfer`); only the first request copies the payload into a message.
async function bindingLatency(ctx, payload, count) {
  let message = payload;
  for (let i = 0; i < warmupCount(count, 10); i++) message = await ctx.request(message, -2, true);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    message = await ctx.request(message, -2, true);
    times[i] = Number(process.hrtime.bigint() - start) / 1e3;
  }
  return summariseLatency(times);
}

async function bindingThroughput(contexts, payload, count) {
  await pump(contexts, payload, warmupCount(count, CONCURRENCY));
  const start = process.hrtime.bigint();
  await pump(contexts, payload, count);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const msgsPerS = count / seconds;
  return { msgs_per_s: msgsPerS, mb_per_s: (msgsPerS * payload.length) / 1e6 };
}

// Keeps one request in flight per context until `count` have been answered.
async function pump(contexts, payload, count) {
  let issued = 0;
  const worker = async (ctx) => {
    let message = payload;
    while (issued < count) {
      issued++;
      message = await ctx.request(message, -2, true);
    }
  };
  await Promise.all(contexts.map(worker));
}

// --- the C floor -------------------------------------------------------------------

function runFloor(floor, url, mode, size, count) {
  const out = execFileSync(floor, [url, String(size), mode, String(count), String(CONCURRENCY)], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  return JSON.parse(out);
}

// --- addresses ------------------------------------------------------------------

let ipcSerial = 0;

async function makeUrl(transport) {
  if (transport === 'ipc') return `ipc:///tmp/mirai-bench-${process.pid}-${ipcSerial++}`;
  return `tcp://127.0.0.1:${await freePort()}`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// --- statistics -------------------------------------------------------------------

function warmupCount(count, least) {
  return Math.max(least, Math.floor(count / 10));
}

// The same summary as nng_floor.c prints, so the two sides compare like for like.
function summariseLatency(times) {
  const sorted = Float64Array.from(times).sort();
  const mean = sorted.reduce((sum, t) => sum + t, 0) / sorted.length;
  return {
    median_us: sorted[Math.floor(sorted.length / 2)],
    p99_us: sorted[Math.floor(sorted.length * 0.99)],
    mean_us: mean,
  };
}

// Each field's median across repetitions.
function medianOf(runs) {
  const out = {};
  for (const key of ['median_us', 'p99_us', 'mean_us', 'msgs_per_s', 'mb_per_s']) {
    if (typeof runs[0][key] !== 'number') continue;
    const sorted = runs.map((run) => run[key]).sort((a, b) => a - b);
    out[key] = sorted[Math.floor(sorted.length / 2)];
  }
  return out;
}

// --- the report -------------------------------------------------------------------

const METRICS = {
  latency: [
    ['median_us', 'latency median (µs)'],
    ['p99_us', 'latency p99 (µs)'],
  ],
  throughput: [
    ['msgs_per_s', 'throughput (msgs/s)'],
    ['mb_per_s', 'throughput (MB/s)'],
  ],
};

function formatReport(addon, rows) {
  const cpus = os.cpus();
  const lines = [
    '# NNG req/rep: binding vs C floor',
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: ${cpus[0].model}, ${cpus.length} cores, ${os.type()} ${os.release()}`,
    `- Node ${process.version}, NNG ${addon.versions.nng}`,
    `- run: ${QUICK ? '--quick' : 'full'}; each figure is the median of ${REPEATS} runs, each after a warm-up`,
    '- each side is two processes: req in one, a rep echo in a forked child',
    `- throughput keeps ${CONCURRENCY} requests outstanding`,
    '- binding: `ctx.request(reply, -2, true)`: each reply is sent back as the next request without a copy, as the C program does; echo `ctx.send(msg, -2, true)`;',
    '  C: the reply message is sent again as the next request, no copy',
    '- ratio is binding ÷ C: for latency lower is better (1 = the floor), for throughput higher is better',
    '- MB is 10^6 bytes; 1 MiB is 1,048,576 bytes',
    '',
    '| transport | size | metric | binding | C floor | binding ÷ C |',
    '|---|---|---|--:|--:|--:|',
  ];
  for (const row of rows) {
    for (const [key, label] of METRICS[row.mode]) {
      const b = row.binding[key];
      const c = row.c[key];
      const cells = [row.transport, formatSize(row.size), label, formatNumber(b), formatNumber(c), (b / c).toFixed(2)];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  return lines.join('\n') + '\n';
}

function formatSize(size) {
  return size >= 1024 * 1024 ? `${size / (1024 * 1024)} MiB` : `${size} B`;
}

function formatNumber(x) {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
