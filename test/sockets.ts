// Sockets for the NNG-level tests: opened for one test body and always closed, connected in
// one step, and served until they close.
import type { Protocol, SendData } from '../src/native';
import { openSocket, type DialOptions, type ListenOptions, type NngContext, type NngSocket, type SocketOptions } from '../src/nng';
import { uniqueUrl, type TestScheme } from './helpers';

/** A protocol, or a protocol and the options to open it with. */
type SocketSpec = Protocol | [Protocol, SocketOptions];

/** Opens a socket for each entry of `specs`, runs `body` with them by name, and closes them
 * all afterwards (last opened first), however `body` ends. */
export async function withSockets<K extends string, T>(specs: Record<K, SocketSpec>, body: (sockets: Record<K, NngSocket>) => T | Promise<T>): Promise<T> {
  const opened: NngSocket[] = [];
  try {
    const sockets = {} as Record<K, NngSocket>;
    for (const name of Object.keys(specs) as K[]) {
      const spec = specs[name];
      sockets[name] = typeof spec === 'string' ? openSocket(spec) : openSocket(spec[0], spec[1]);
      opened.push(sockets[name]);
    }
    return await body(sockets);
  } finally {
    for (const socket of opened.reverse()) socket.close();
  }
}

/** `listener` listens at `url` and `dialer` dials it, blocking until connected; returns the
 * URL bound (a port 0 resolved). */
export function connect(listener: NngSocket, dialer: NngSocket, url: string, options: { listen?: ListenOptions; dial?: DialOptions } = {}): string {
  const bound = listener.listen(url, options.listen).url;
  dialer.dial(bound, { block: true, ...options.dial });
  return bound;
}

/** Runs `body` with a req socket dialled into a rep socket at a new address of `scheme`;
 * closes both after. */
export function withPair<T>(scheme: TestScheme, body: (pair: { req: NngSocket; rep: NngSocket; url: string }) => T | Promise<T>): Promise<T> {
  return withSockets({ rep: 'rep', req: 'req' }, ({ rep, req }) => body({ req, rep, url: connect(rep, req, uniqueUrl(scheme)) }));
}

/** Answers each request received on `on` with `answer(request)` until its socket closes
 * (NngError 7); resolves with how many it answered. */
export async function serve(on: NngSocket | NngContext, answer: (request: Buffer) => SendData): Promise<number> {
  let served = 0;
  try {
    for (;;) {
      await on.send(answer(await on.recv()));
      served++;
    }
  } catch (error) {
    if ((error as { code?: number }).code !== 7) throw error;
  }
  return served;
}

/** A rep socket listening at `url` with 16 contexts that take every request, echoing it back
 * unless `mute` (then the requester waits, or times out). Returns its close. */
export function repPeer(url: string, mute: boolean): () => void {
  const rep = openSocket('rep');
  rep.listen(url);
  for (let i = 0; i < 16; i++) {
    const ctx = rep.context();
    const answer = (message: Buffer): Promise<void> | undefined => (mute ? undefined : ctx.send(message));
    const take = (): Promise<void> => ctx.recv().then(answer).then(take, () => undefined);
    void take();
  }
  return () => rep.close();
}
