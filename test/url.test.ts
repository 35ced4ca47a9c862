// URLs: hostUrl() and localUrl() formats, parseUrl(), and bad URLs refused.
import { hostname } from 'node:os';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { daemons, hostUrl, launchLocal, localUrl, mirai } from '../src/index';
import { parseUrl } from '../src/url';
import { throwsLike, withTimeout } from './helpers';
import { connections, killAll } from './processes';

const test = suite('url');
const seen = new Set<number>();

test.after(async () => {
  await withTimeout(daemons(0, { compute: 'u' }), 15_000, 'daemons(0) u');
  killAll(seen);
});

test('localUrl(): a random address on the platform IPC transport', () => {
  const a = localUrl();
  const b = localUrl();
  assert.is.not(a, b);
  if (process.platform === 'linux') assert.match(a, /^abstract:\/\/mirai-[0-9a-f]{24}$/);
  else if (process.platform === 'win32') assert.match(a, /^ipc:\/\/mirai-[0-9a-f]{24}$/);
  else assert.match(a, /^ipc:\/\/\/.*mirai-[0-9a-f]{24}$/);
});

test('hostUrl(): this machine\'s host name, tcp by default, ws and tls on request', () => {
  const host = hostname();
  assert.is(hostUrl(), `tcp://${host}:0`);
  assert.is(hostUrl({ port: 5555 }), `tcp://${host}:5555`);
  assert.is(hostUrl({ tls: true }), `tls+tcp://${host}:0`);
  assert.is(hostUrl({ ws: true, port: 80 }), `ws://${host}:80`);
  assert.is(hostUrl({ ws: true, tls: true }), `wss://${host}:0`);
  for (const url of [hostUrl(), hostUrl({ ws: true }), hostUrl({ tls: true, ws: true })]) parseUrl(url);
});

test('a hostUrl() is listened on, and a local daemon dials it', async () => {
  const url = (await withTimeout(daemons({ url: hostUrl(), dispatcher: false, compute: 'u' }), 10_000, 'daemons hostUrl')) as string;
  assert.match(url, new RegExp(`^tcp://${hostname()}:[1-9]\\d*$`));
  const [pid] = launchLocal(1, {}, { compute: 'u' });
  seen.add(pid);
  await connections(1, 'u');
  assert.is(await withTimeout(Promise.resolve(mirai(() => process.pid, {}, { compute: 'u' })), 5000, 'task'), pid);
});

test('hostUrl() refuses bad options', () => {
  throwsLike(() => hostUrl(5 as never), TypeError, /options must be an object/);
  throwsLike(() => hostUrl({ port: -1 }), RangeError, /options\.port must be an integer from 0 to 65535, got -1/);
  throwsLike(() => hostUrl({ port: 65536 }), RangeError, /options\.port must be an integer from 0 to 65535, got 65536/);
  throwsLike(() => hostUrl({ port: 1.5 }), RangeError, /options\.port must be an integer from 0 to 65535, got 1\.5/);
  throwsLike(() => hostUrl({ ws: 'yes' as never }), TypeError, /options\.ws must be a boolean/);
  throwsLike(() => hostUrl({ tls: 1 as never }), TypeError, /options\.tls must be a boolean/);
  throwsLike(() => hostUrl({ prot: 80 } as never), TypeError, /options has an unknown option 'prot': did you mean 'port'\?/);
});

test('parseUrl(): scheme, host, port and path', () => {
  assert.equal(parseUrl('tcp://127.0.0.1:5555'), { scheme: 'tcp', host: '127.0.0.1', port: 5555, path: '' });
  assert.equal(parseUrl('tcp://[::1]:0'), { scheme: 'tcp', host: '::1', port: 0, path: '' });
  assert.equal(parseUrl('ws://example.org:80/some/path'), { scheme: 'ws', host: 'example.org', port: 80, path: '/some/path' });
  assert.equal(parseUrl('abstract://name'), { scheme: 'abstract', host: '', port: undefined, path: 'name' });
  assert.equal(parseUrl('ipc:///tmp/x.sock'), { scheme: 'ipc', host: '', port: undefined, path: '/tmp/x.sock' });
});

test('bad URLs are refused with what is wrong', () => {
  throwsLike(() => parseUrl(5), TypeError, /url must be a string, got number/);
  throwsLike(() => parseUrl('localhost:5555'), TypeError, /url 'localhost:5555' is not a URL: expected scheme:\/\/address/);
  throwsLike(() => parseUrl('udp://127.0.0.1:5555'), TypeError, /url 'udp:\/\/127\.0\.0\.1:5555' has an unsupported scheme 'udp' \(expected one of inproc, ipc, abstract, tcp/);
  throwsLike(() => parseUrl('tcp://127.0.0.1'), TypeError, /needs host:port/);
  throwsLike(() => parseUrl('tcp://::1:5555'), TypeError, /needs host:port \(use \[::1\]:port for IPv6/);
  throwsLike(() => parseUrl('tcp://127.0.0.1:99999'), RangeError, /has port 99999, above 65535/);
  throwsLike(() => parseUrl('ipc://'), TypeError, /needs a name or path after ipc:\/\//);
  throwsLike(() => parseUrl('nope', 'options.url'), TypeError, /^options\.url 'nope' is not a URL/);
});

test.run();
