// makeCluster(): one daemon per node, each addressed on its own; the R cluster verbs.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeCluster, MiraiCluster, status, stopCluster, sshConfig } from '../src/index';
import { rejection, withTimeout } from './helpers';
import { allExit } from './processes';
import { makeNamespace, pidsIn, removeNamespaces } from './infra/netns';
import { startSshd } from './infra/sshd';

const test = suite('cluster');

test('local nodes: clusterCall, clusterExport, clusterEvalQ, clusterApply, parLapply, status; stopCluster ends them', async () => {
  const cl = await withTimeout(makeCluster(3), 30_000, 'makeCluster');
  try {
    assert.instance(cl, MiraiCluster);
    assert.is(cl.length, 3);
    const pids = (await withTimeout(cl.clusterCall(() => process.pid), 10_000, 'clusterCall')) as number[];
    assert.is(new Set(pids).size, 3, 'one result per node, each its own process');
    await withTimeout(cl.clusterExport({ base: 100 }), 10_000, 'clusterExport');
    assert.equal(await withTimeout(cl.clusterEvalQ('base + 1'), 10_000, 'clusterEvalQ'), [101, 101, 101]);
    const applied = await withTimeout(cl.clusterApply([1, 2, 3, 4, 5], (x: number) => [x * 2, process.pid] as const), 10_000, 'clusterApply');
    assert.equal(applied.map((r) => r[0]), [2, 4, 6, 8, 10]);
    assert.equal(applied.map((r) => r[1]), [pids[0], pids[1], pids[2], pids[0], pids[1]], 'element i on node i modulo 3');
    const lapplied = await withTimeout(cl.parLapply([1, 2, 3, 4, 5, 6, 7], (x: number, k: number) => x * k, 10), 10_000, 'parLapply');
    assert.equal(lapplied, [10, 20, 30, 40, 50, 60, 70]);
    const s = await cl.status();
    assert.is(s.connections, 3);
    assert.equal(await status(cl), s, 'status(cluster) is the cluster\'s status');
    assert.equal((s.daemons as { i: number }[]).map((d) => d.i), [1, 2, 3]);
    await withTimeout(stopCluster(cl), 15_000, 'stopCluster');
    await allExit(pids, 10_000, 'nodes after stopCluster');
    assert.match((await rejection(cl.clusterCall(() => 1))).message, /this cluster was stopped/);
  } finally {
    await stopCluster(cl);
  }
});

test('nodes on another host over SSH, each at its own URL', async () => {
  const ns = makeNamespace();
  const sshd = await startSshd(ns.address, 22, ns.name);
  try {
    const remote = sshConfig({ remotes: [`root@${ns.address}`, `root@${ns.address}`], options: sshd.clientOptions, node: process.execPath, timeout: 5 });
    const cl = await withTimeout(makeCluster(2, { url: `tcp://${ns.hostAddress}:0`, remote }), 40_000, 'makeCluster');
    const pids = (await withTimeout(cl.clusterCall(() => process.pid), 10_000, 'clusterCall')) as number[];
    const inside = pidsIn(ns.name);
    assert.ok(pids.every((pid) => inside.includes(pid)), 'the nodes run in the other namespace');
    assert.is(new Set(pids).size, 2);
    await withTimeout(stopCluster(cl), 20_000, 'stopCluster');
  } finally {
    await sshd.stop();
    removeNamespaces();
  }
});

test('makeCluster validates', async () => {
  assert.match((await rejection(makeCluster(0))).message, /n must be/);
  assert.match((await rejection(makeCluster(1, { compute: 'x' } as never))).message, /options.compute is set by makeCluster/);
});

test.run();
