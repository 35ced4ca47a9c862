// Network namespaces for tests: each joined to this (the host's) namespace by a veth pair, with
// an address of its own; removed by remove(), which also removes the pair.
import { execFileSync } from 'node:child_process';

export interface Namespace {
  name: string;
  /** The namespace's address (its end of the pair). */
  address: string;
  /** The host's address on the pair: what a daemon inside dials. */
  hostAddress: string;
  /** Drops every packet arriving in the namespace (a silent, unreachable machine). */
  dropAll(): void;
  remove(): void;
}

const made = new Set<Namespace>();
// A subnet per test process and namespace: 10.<200-249>.<n>.0/24, apart from other processes'.
const second = 200 + (process.pid % 50);
let next = 0;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
}

/** A new namespace with loopback up and a veth pair to this namespace; its default route goes
 * through the host end, so it reaches the host's other namespaces' addresses too. */
export function makeNamespace(): Namespace {
  const index = ++next;
  const name = `mirai-${process.pid}-${index}`;
  const outer = `mh${process.pid % 100000}x${index}`;
  const inner = `mn${process.pid % 100000}x${index}`;
  const hostAddress = `10.${second}.${index}.1`;
  const address = `10.${second}.${index}.2`;
  ip('netns', 'add', name);
  const ns: Namespace = {
    name,
    address,
    hostAddress,
    dropAll: () =>
      execFileSync('ip', ['netns', 'exec', name, 'nft', '-f', '-'], {
        input: 'table inet mirai_test {\n chain input {\n  type filter hook input priority 0; policy drop;\n  iif "lo" accept\n }\n}\n',
        timeout: 10_000,
      }),
    remove: () => {
      made.delete(ns);
      try {
        ip('netns', 'del', name);
      } catch {
        // already gone
      }
    },
  };
  made.add(ns);
  try {
    ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
    ip('link', 'set', inner, 'netns', name);
    ip('addr', 'add', `${hostAddress}/24`, 'dev', outer);
    ip('link', 'set', outer, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${address}/24`, 'dev', inner);
    ip('netns', 'exec', name, 'ip', 'link', 'set', inner, 'up');
    ip('netns', 'exec', name, 'ip', 'route', 'add', 'default', 'via', hostAddress);
  } catch (error) {
    ns.remove();
    throw new Error(`cannot make network namespace ${name}: ${(error as { stderr?: Buffer }).stderr?.toString() ?? (error as Error).message}`);
  }
  return ns;
}

/** Removes every namespace this process made and has not removed. */
export function removeNamespaces(): void {
  for (const ns of [...made]) ns.remove();
}

/** Process ids running inside namespace `name`. */
export function pidsIn(name: string): number[] {
  const text = execFileSync('ip', ['netns', 'pids', name], { timeout: 10_000 }).toString();
  return text.split('\n').filter(Boolean).map(Number);
}
