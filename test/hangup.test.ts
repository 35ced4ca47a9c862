// A peer's hang-up is seen on every stream transport, even when it comes while a message the
// pipe has read waits for a receive: the pipe is removed once that message is taken. A TCP relay
// between the two sockets ends the connection with a bare FIN, as a peer's dying machine does.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native, type GeneratedCertificate } from '../src/native';
import { tlsConfig } from '../src/nng';
import { uniqueUrl, withTimeout } from './helpers';
import { withSockets } from './sockets';

let cert: GeneratedCertificate;

test.before(async () => {
  cert = await withTimeout(native.generateCertificate({ commonName: '127.0.0.1' }), 30000, 'generate a certificate');
});

/** A TCP relay to `target` (host:port): its `cut()` ends the side towards the dialler with a
 * bare FIN, as a peer's machine does when its process dies, with no TLS close_notify first. */
async function relay(target: URL): Promise<{ port: number; cut: () => void; close: () => Promise<void> }> {
  const inbound: Socket[] = [];
  const outbound: Socket[] = [];
  const server: Server = createServer((socket) => {
    const onward = createConnection(Number(target.port), target.hostname);
    socket.pipe(onward).pipe(socket);
    socket.on('error', () => onward.destroy());
    onward.on('error', () => socket.destroy());
    inbound.push(socket);
    outbound.push(onward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut: () => inbound.forEach((socket) => socket.end()),
    close: () => {
      for (const socket of [...inbound, ...outbound]) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** How the asking end goes: its connection cut under it, or its socket closed (over ws, a close
 * frame first; over TLS, a close_notify if it gets out). */
const HANG_UPS = { cut: 'is cut', close: 'closes its socket' } as const;

for (const scheme of ['tcp', 'ws', 'tls+tcp', 'wss'] as const) {
  for (const [hangUp, how] of Object.entries(HANG_UPS)) {
    test(`${scheme}: a peer that ${how} while a message waits unread is seen to go once it is read`, async () => {
      // Roles as a daemon's: the listener asks (req), the dialler answers (rep).
      await withSockets({ asker: 'req', answerer: 'rep' }, async ({ asker, answerer }) => {
        const secure = scheme.startsWith('tls') || scheme === 'wss';
        const bound = asker.listen(uniqueUrl(scheme), secure ? { tls: tlsConfig('server', { cert: cert.cert, key: cert.key }) } : {}).url;
        const link = await relay(new URL(bound));
        try {
          let added!: () => void;
          const joined = new Promise<void>((resolve) => (added = resolve));
          const ended = new Promise<void>((resolve) => answerer.onPipe((event) => (event === 'add' ? added() : resolve())));
          // Not blocking: the relay runs on this thread.
          answerer.dial(bound.replace(/:\d+/, `:${link.port}`), secure ? { tls: tlsConfig('client', { ca: cert.cert }) } : {});
          await withTimeout(joined, 5000, 'connected through the relay');
          const ctx = answerer.context();
          const first = ctx.recv();
          const asked = [asker.context(), asker.context()].map((c) => c.request('task').catch(() => undefined));
          await withTimeout(first, 5000, 'the first request');
          // The second arrives with no receive waiting for it: the pipe holds it, while ws reads
          // ahead the next frame and TLS the next bytes, and so meet the hang-up with no
          // receive of theirs waiting. Nothing tells when each has happened: the pauses only
          // arrange that order, and a pause too short makes the test easier, never flaky.
          await new Promise((resolve) => setTimeout(resolve, 300));
          if (hangUp === 'cut') link.cut();
          else asker.close();
          await new Promise((resolve) => setTimeout(resolve, 300));
          assert.is((await withTimeout(ctx.recv(), 5000, 'the held request')).toString(), 'task');
          await withTimeout(ended, 5000, 'the pipe removed after the hang-up');
          asker.close();
          await Promise.all(asked);
        } finally {
          await link.close();
        }
      });
    });
  }
}

test.run();
