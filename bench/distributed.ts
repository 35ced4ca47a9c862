// Round trip and throughput of a trivial task across network namespaces (tcp, TLS) beside
// ipc on this machine, one daemon started from its printed command in each case. Needs root
// (ip netns). Run: node --expose-gc --import tsx bench/distributed.ts
import { daemons, launchRemote, localUrl, mirai, remoteConfig } from '../src/index';
import { makeNamespace, removeNamespaces } from '../test/infra/netns';
import { runShell, stopAll } from '../test/infra/shell';

const ROUND_TRIPS = 500;
const BURST = 5000;

async function measure(label: string, url: string, dispatcher: boolean, netns?: string): Promise<void> {
  await daemons(dispatcher ? 1 : 0, { url, dispatcher });
  const [command] = launchRemote(1, remoteConfig({ node: process.execPath })) as string[];
  runShell(command, netns);
  await mirai(() => 0, {}, { timeout: 30_000 });
  const times: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t = process.hrtime.bigint();
    await mirai(() => 1);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: BURST }, () => Promise.resolve(mirai(() => 1))));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${label.padEnd(34)} round trip median ${times[times.length >> 1].toFixed(3)} ms, p90 ${times[Math.floor(times.length * 0.9)].toFixed(3)} ms; throughput ${Math.round(BURST / seconds)} tasks/s`);
  await daemons(0);
  await stopAll();
}

async function main(): Promise<void> {
  const ns = makeNamespace();
  try {
    for (const dispatcher of [false, true]) {
      const mode = dispatcher ? 'dispatcher' : 'direct';
      await measure(`ipc (abstract), ${mode}`, localUrl(), dispatcher);
      await measure(`tcp across namespaces, ${mode}`, `tcp://${ns.hostAddress}:0`, dispatcher, ns.name);
      await measure(`tls+tcp across namespaces, ${mode}`, `tls+tcp://${ns.hostAddress}:0`, dispatcher, ns.name);
    }
  } finally {
    await daemons(0);
    await stopAll();
    removeNamespaces();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
