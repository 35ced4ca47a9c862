// A link that dies silently (no FIN, no RST) between the host and a remote daemon: nftables in
// the daemon's network namespace drops every packet at its interface, both ways, as a pulled
// cable would. The daemon's task resolves to ErrorValue 19 (or, with retry, runs again on the
// other daemon) within linkTimeout, where TCP alone would take hours; once the rule goes, the
// persistent daemon reconnects and runs tasks again. Daemons run from the printed commands.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ErrorValue, daemons, launchLocal, launchRemote, mirai, remoteConfig, status, type Mirai } from '../src/index';
import { waitFor, withTimeout } from './helpers';
import { makeNamespace, pidsIn, removeNamespaces, type Namespace } from './infra/netns';
import { runShell, stopAll, type ShellRun } from './infra/shell';
import { holdTask, TaskLine, type Held } from './taskLine';

/** The bound under test, ms. */
const LINK_TIMEOUT = 3000;
/** Beyond the bound, for a loaded machine's delays in noticing and delivering; without a bound
 * of its own, TCP would hold the task for hours. */
const SLACK = 10_000;
const TABLE = 'mirai_cut';

const test = suite('deadLink');
const line = TaskLine.forSuite(test);
const printOnly = remoteConfig({ node: process.execPath });
const held: Held[] = [];
const cutNow = new Set<Namespace>();
let hosts: Namespace[];

test.before(() => {
  hosts = [makeNamespace(), makeNamespace()];
});

test.after.each(async () => {
  for (const ns of [...cutNow]) heal(ns);
  for (const h of held.splice(0)) h.release();
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
  await stopAll();
});

test.after(() => {
  for (const ns of [...cutNow]) heal(ns);
  removeNamespaces();
});

/** The namespace's end of its veth pair. */
function device(ns: Namespace): string {
  const text = execFileSync('ip', ['-n', ns.name, '-o', 'link', 'show', 'type', 'veth'], { timeout: 10_000 }).toString();
  const match = /^\d+:\s+([^@:]+)/.exec(text);
  if (!match) throw new Error(`no veth device in ${ns.name}: ${text}`);
  return match[1];
}

/** Drops every packet in and out of the namespace's interface: no RST, no ICMP, silence. */
function cut(ns: Namespace): void {
  const dev = device(ns);
  const chain = (hook: string) => ` chain ${hook} {\n  type filter hook ${hook} device "${dev}" priority 0; policy drop;\n }\n`;
  execFileSync('ip', ['netns', 'exec', ns.name, 'nft', '-f', '-'], { input: `table netdev ${TABLE} {\n${chain('ingress')}${chain('egress')}}\n`, timeout: 10_000 });
  cutNow.add(ns);
}

function heal(ns: Namespace): void {
  cutNow.delete(ns);
  execFileSync('ip', ['netns', 'exec', ns.name, 'nft', 'delete', 'table', 'netdev', TABLE], { timeout: 10_000 });
}

const code = (m: Mirai<unknown>) => (m.data instanceof ErrorValue ? m.data.code : undefined);

/** Daemons online: every dispatcher slot, or `n` direct connections. */
async function online(n: number, runs: ShellRun[]): Promise<void> {
  await waitFor(async () => {
    const s = await status();
    return Array.isArray(s.daemons) ? s.daemons.filter((d) => d.online > 0).length >= n : s.connections >= n;
  }, 45_000, `${n} daemons online; the daemons said: ${runs.map((r) => r.output() || '(nothing)').join(' | ')}`);
}

/** A task held at a daemon, and the namespace it runs in. */
async function holdOne(m: () => Mirai<unknown>): Promise<{ m: Mirai<unknown>; task: Held; ns: Namespace }> {
  const task = m();
  const h = await line.next(20_000, 'the task reports in');
  held.push(h);
  const ns = hosts.find((n) => pidsIn(n.name).includes(h.pid));
  if (!ns) throw new Error(`task pid ${h.pid} is in neither namespace`);
  return { m: task, task: h, ns };
}

/** One persistent daemon in `ns`, from its printed command (which carries linkTimeout), online. */
async function persistentDaemonIn(ns: Namespace): Promise<ShellRun[]> {
  const [command] = launchRemote(1, printOnly, { autoexit: false, linkTimeout: LINK_TIMEOUT }) as string[];
  assert.match(command, new RegExp(`--linkTimeout ${LINK_TIMEOUT}\\b`));
  const runs = [runShell(command, ns.name)];
  await online(1, runs);
  return runs;
}

/** Waits until the daemon in `ns` has acknowledged all this host sent it. A direct host's
 * task socket bounds only a silent idle link (keep-alive probes; no user timeout, see
 * src/linkTimeout.ts), and a task reports in before its daemon's kernel may have acknowledged
 * it: cut then, the unacknowledged task would be retransmitted for minutes. */
async function acknowledged(ns: Namespace): Promise<void> {
  const unacked = () => execFileSync('ss', ['-Htin', 'dst', ns.address], { timeout: 10_000 }).toString().includes('unacked:');
  await waitFor(() => !unacked(), 5000, `all sent to ${ns.name} acknowledged`);
}

/** Cuts `ns` off; `m`, held there, resolves to ErrorValue 19 within the bound. The ms taken. */
async function cutUntilLost(m: Mirai<unknown>, ns: Namespace): Promise<number> {
  await acknowledged(ns);
  cut(ns);
  const since = performance.now();
  await withTimeout(m.settled(), LINK_TIMEOUT + SLACK, 'the task behind the dead link');
  const detected = performance.now() - since;
  assert.is(code(m), 19, `ErrorValue 19, got ${String(m.data)}`);
  return detected;
}

/** The persistent daemon in `ns` runs a new task (it reconnected). */
async function runsAgainIn(ns: Namespace, count: number): Promise<number> {
  const started = performance.now();
  const tasks = Array.from({ length: count }, () => mirai(holdTask, {}, { args: [line.path, 'again'] }));
  const pids: number[] = [];
  for (let i = 0; i < count; i++) {
    const h = await line.next(45_000, `new task ${i + 1} of ${count} reports in`);
    pids.push(h.pid);
    h.release();
  }
  assert.equal(await withTimeout(Promise.all(tasks.map((t) => t.settled().then(() => t.data))), 15_000, 'new tasks'), Array(count).fill('again'));
  assert.ok(pids.some((pid) => pidsIn(ns.name).includes(pid)), `a new task ran in the healed namespace (pids ${pids})`);
  return performance.now() - started;
}

test('without dispatcher: a link cut mid-task; ErrorValue 19 within linkTimeout; the persistent daemon reconnects after the heal', async () => {
  const url = `tcp://${hosts[0].hostAddress}:0`;
  await withTimeout(daemons({ url, dispatcher: false, linkTimeout: LINK_TIMEOUT }), 15_000, 'daemons');
  const runs = await persistentDaemonIn(hosts[0]);
  const { m, task, ns } = await holdOne(() => mirai(holdTask, {}, { args: [line.path, 'not this'] }));
  assert.is(ns, hosts[0]);
  const detected = await cutUntilLost(m, ns);
  // The pipe's removal reaches status() from NNG's reaper, a moment after the failed request.
  await waitFor(async () => (await status()).connections === 0, 5000, 'status() shows the daemon gone');
  // The daemon's own end drops the dead connection too; its task ends; it redials.
  task.release();
  heal(ns);
  const healed = performance.now();
  await online(1, runs);
  const reconnected = performance.now() - healed;
  await runsAgainIn(ns, 1);
  console.log(`  direct: detected ${Math.round(detected)} ms after the cut (linkTimeout ${LINK_TIMEOUT}); online ${Math.round(reconnected)} ms after the heal`);
});

test('with dispatcher and retry: a link cut mid-task; the daemon is offline within linkTimeout, the other serves; after the heal the task runs again there, once', async () => {
  const url = `tcp://${hosts[0].hostAddress}:0`;
  await withTimeout(daemons(2, { url, retry: true, linkTimeout: LINK_TIMEOUT }), 15_000, 'daemons');
  const commands = launchRemote([1, 2], printOnly, { autoexit: false, linkTimeout: LINK_TIMEOUT }) as string[];
  const runs = commands.map((c, i) => runShell(c, hosts[i].name));
  await online(2, runs);
  const { m, task, ns } = await holdOne(() => mirai(holdTask, {}, { args: [line.path, 'ran'] }));
  cut(ns);
  const since = performance.now();
  // retry keeps the task for the next daemon at the same URL (see dispatcher.ts).
  await waitFor(async () => {
    const s = await status();
    return Array.isArray(s.daemons) && s.daemons.filter((d) => d.online > 0).length === 1;
  }, LINK_TIMEOUT + SLACK, 'the daemon behind the dead link goes offline');
  const detected = performance.now() - since;
  const other = hosts.find((n) => n !== ns)!;
  const elsewhere = await withTimeout(Promise.resolve(mirai(() => process.pid)), 15_000, 'a task during the cut');
  assert.ok(pidsIn(other.name).includes(elsewhere as number), 'the other daemon serves during the cut');
  assert.ok(m.unresolved, 'kept to be retried');
  task.release();
  heal(ns);
  const healed = performance.now();
  const again = await line.next(45_000, 'the task runs again after the heal');
  const rerun = performance.now() - healed;
  held.push(again);
  assert.ok(pidsIn(ns.name).includes(again.pid), 'it runs again at its own URL, in the healed namespace');
  again.release();
  await withTimeout(m.settled(), 10_000, 'the retried task');
  assert.is(m.data, 'ran');
  const third = await line.next(500, 'no third run').then((h) => h.pid, () => undefined);
  assert.is(third, undefined, 'no third run');
  await runsAgainIn(ns, 2);
  console.log(`  dispatcher, retry: offline ${Math.round(detected)} ms after the cut (linkTimeout ${LINK_TIMEOUT}); ran again ${Math.round(rerun)} ms after the heal`);
});

// Every TCP-based scheme: the options reach TCP through the TLS and WebSocket layers.
for (const scheme of ['tcp', 'ws', 'tls+tcp', 'wss']) {
  test(`${scheme}, with dispatcher, retry off: ErrorValue 19 within linkTimeout`, async () => {
    const url = `${scheme}://${hosts[0].hostAddress}:0${scheme.startsWith('ws') ? '/m' : ''}`;
    await withTimeout(daemons(1, { url, linkTimeout: LINK_TIMEOUT }), 15_000, 'daemons');
    await persistentDaemonIn(hosts[1]);
    const { m, ns } = await holdOne(() => mirai(holdTask, {}, { args: [line.path] }));
    assert.is(ns, hosts[1]);
    const detected = await cutUntilLost(m, ns);
    console.log(`  ${scheme}, dispatcher, no retry: detected ${Math.round(detected)} ms after the cut`);
  });
}

test('no false alarm: 40 MB of tasks queued at a daemon busy beyond the bound (its window full) all complete', async () => {
  await withTimeout(daemons({ url: 'tcp://127.0.0.1:0', dispatcher: false, linkTimeout: 1000 }), 15_000, 'daemons');
  launchLocal(1, { linkTimeout: 1000 });
  await waitFor(async () => (await status()).connections === 1, 30_000, 'the daemon connects');
  const busy = mirai(() => {
    const end = Date.now() + 4000;
    while (Date.now() < end);
    return 'busy';
  });
  // More than the daemon reads while busy plus what the kernel buffers: the host's sends stall.
  const payload = Buffer.alloc(1 << 20, 7);
  const queued = Array.from({ length: 40 }, (_, i) => mirai((b: Buffer, i: number) => b.length + i, {}, { args: [payload, i] }));
  const values = await withTimeout(Promise.all([busy, ...queued].map((m) => m.settled().then(() => m.data))), 60_000, 'every task');
  assert.equal(values, ['busy', ...queued.map((_, i) => (1 << 20) + i)]);
});

test('linkTimeout is checked before any work', async () => {
  for (const [value, type, message] of [
    ['3s', TypeError, /options\.linkTimeout must be a number of milliseconds, got/],
    [500, RangeError, /options\.linkTimeout must be 0 \(off\) or at least 1000 ms, got 500/],
    [-1, RangeError, /options\.linkTimeout must be between 0 and 2147483647 ms, got -1/],
  ] as const) {
    const error = await daemons(1, { linkTimeout: value as number }).then(() => undefined, (e: Error) => e);
    assert.instance(error, type, `${String(value)}: ${String(error)}`);
    assert.match(error!.message, message);
  }
  assert.throws(() => launchRemote(1, printOnly, { linkTimeout: 10 }), /daemonOptions\.linkTimeout must be 0 \(off\) or at least 1000 ms/);
});

test.run();
