// TLS: tls+tcp and wss with generated certificates; a client that trusts another CA is refused.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native, type GeneratedCertificate, type TlsConfig } from '../src/native';
import { tlsConfig, type NngSocket, type TlsOptions } from '../src/nng';
import { expectNngError, handled, throwsLike, uniqueUrl, withTimeout } from './helpers';
import { withSockets } from './sockets';

let ours: GeneratedCertificate;
let theirs: GeneratedCertificate;

test.before(async () => {
  [ours, theirs] = await withTimeout(
    Promise.all([native.generateCertificate({ commonName: '127.0.0.1' }), native.generateCertificate({ commonName: '127.0.0.1' })]),
    30000,
    'generate two EC certificates',
  );
});

/** The server side of TLS with `cert` and its key; `options` add to it (a CA, an auth mode). */
function serverTls(cert: GeneratedCertificate, options: Omit<TlsOptions, 'cert' | 'key'> = {}): TlsConfig {
  return tlsConfig('server', { cert: cert.cert, key: cert.key, ...options });
}

/** Runs `body` with a rep socket listening at a new address of `scheme` with `server`, and a
 * req socket (not yet dialled); `url` is the address bound. Closes both after. */
function withSecureListener<T>(scheme: 'tls+tcp' | 'wss', server: TlsConfig, body: (pair: { rep: NngSocket; req: NngSocket; url: string }) => T | Promise<T>): Promise<T> {
  return withSockets({ rep: 'rep', req: 'req' }, ({ rep, req }) => body({ rep, req, url: rep.listen(uniqueUrl(scheme), { tls: server }).url }));
}

async function secureRoundTrip(scheme: 'tls+tcp' | 'wss', server: GeneratedCertificate, trusted: string): Promise<void> {
  await withSecureListener(scheme, serverTls(server), async ({ rep, req, url }) => {
    req.dial(url, { tls: tlsConfig('client', { ca: trusted }), block: true });
    await req.send('secret');
    assert.is((await withTimeout(rep.recv(), 5000, `rep recv over ${url}`)).toString(), 'secret');
    await rep.send('sealed');
    assert.is((await withTimeout(req.recv(), 5000, `req recv over ${url}`)).toString(), 'sealed');
  });
}

/** Asserts that a request from `req` (dialled in the background) times out and that `rep`
 * never hears it: the TLS handshake between them failed. */
async function unheard(rep: NngSocket, req: NngSocket, label: string): Promise<void> {
  const served = handled(rep.recv({ timeout: 300 }));
  await expectNngError(req.context().request(label, { timeout: 300 }), 5, `request '${label}'`);
  await expectNngError(served, 5, `the server never hears '${label}'`);
}

// --- certificates -------------------------------------------------------------------------

test('generated EC certificate: PEM for the common name, self-signed, a CA', () => {
  const cert = new X509Certificate(ours.cert);
  assert.match(cert.subject, /CN=127\.0\.0\.1/);
  assert.is(cert.subject, cert.issuer);
  assert.ok(cert.ca, 'basic constraints say CA');
  assert.ok(cert.verify(cert.publicKey), 'self-signed');
  assert.is(cert.publicKey.asymmetricKeyType, 'ec');
  assert.is(createPrivateKey(ours.key).asymmetricKeyType, 'ec');
  const days = (Date.parse(cert.validTo) - Date.now()) / 86400000;
  assert.ok(days > 360 && days < 366, `valid for about 365 days, got ${days.toFixed(1)}`);
  assert.is.not(ours.cert, theirs.cert);
});

test('RSA generation works with bits: 2048, and the result serves TLS', async () => {
  const rsa = await withTimeout(native.generateCertificate({ keyType: 'rsa', bits: 2048, commonName: 'localhost', validDays: 2 }), 60000, 'RSA 2048');
  const cert = new X509Certificate(rsa.cert);
  assert.is(cert.publicKey.asymmetricKeyType, 'rsa');
  assert.is(cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  assert.match(cert.subject, /CN=localhost/);
  const days = (Date.parse(cert.validTo) - Date.now()) / 86400000;
  assert.ok(days > 1 && days < 3, `valid for about 2 days, got ${days.toFixed(1)}`);
  assert.match(rsa.key, /-----BEGIN RSA PRIVATE KEY-----/);
  // The client checks the name against the certificate: dial by name, not by address.
  await withSecureListener('tls+tcp', serverTls(rsa), async ({ rep, req, url }) => {
    const port = url.slice(url.lastIndexOf(':') + 1);
    req.dial(`tls+tcp://localhost:${port}`, { tls: tlsConfig('client', { ca: rsa.cert, serverName: 'localhost' }), block: true });
    await req.send('rsa');
    assert.is((await withTimeout(rep.recv(), 5000, 'rep recv')).toString(), 'rsa');
  });
});

test('certificate options are checked', () => {
  throwsLike(() => native.generateCertificate({ bits: 512 }), RangeError, /options\.bits must be from 1024 to 8192/);
  throwsLike(() => native.generateCertificate({ keyType: 'dsa' as never }), TypeError, /options\.keyType must be 'ec' or 'rsa'/);
  throwsLike(() => native.generateCertificate({ commonName: '' }), TypeError, /options\.commonName must be a non-empty string/);
  throwsLike(() => native.generateCertificate({ validDays: 0 }), RangeError, /options\.validDays must be from 1 to 36500/);
  throwsLike(() => native.generateCertificate('x' as never), TypeError, /options must be an object/);
});

// --- round trips ----------------------------------------------------------------------------

test('tls+tcp round trip: the generated certificate as server cert and client CA', async () => {
  await secureRoundTrip('tls+tcp', ours, ours.cert);
});

test('wss round trip with a path', async () => {
  await secureRoundTrip('wss', ours, ours.cert);
});

test('mutual TLS: a server requiring client certificates accepts one it trusts', () =>
  withSecureListener('tls+tcp', serverTls(ours, { ca: theirs.cert, authMode: 'required' }), async ({ rep, req, url }) => {
    req.dial(url, { tls: tlsConfig('client', { cert: theirs.cert, key: theirs.key, ca: ours.cert }), block: true });
    await req.send('both ways');
    assert.is((await withTimeout(rep.recv(), 5000, 'rep recv')).toString(), 'both ways');
  }));

// --- refusals -------------------------------------------------------------------------------

test('a client trusting a different CA is refused: the blocking dial throws a crypto error (26)', () =>
  withSecureListener('tls+tcp', serverTls(ours), ({ req, url }) => {
    const error = throwsLike(() => req.dial(url, { tls: tlsConfig('client', { ca: theirs.cert }), block: true }), Error, /Cryptographic error/);
    assert.is(error.name, 'NngError');
    assert.is((error as Error & { code: number }).code, 26);
  }));

test('a client trusting a different CA gets no reply: its request times out (5)', () =>
  withSecureListener('wss', serverTls(ours), async ({ rep, req, url }) => {
    req.dial(url, { tls: tlsConfig('client', { ca: theirs.cert }) });
    await unheard(rep, req, 'let me in');
  }));

test('a client with no CA at all cannot authenticate the server (27)', () =>
  withSecureListener('tls+tcp', serverTls(ours), ({ req, url }) => {
    const error = throwsLike(() => req.dial(url, { tls: tlsConfig('client'), block: true }), Error, /Peer could not be authenticated/);
    assert.is((error as Error & { code: number }).code, 27);
  }));

test('a client whose expected server name is not in the certificate is refused', () =>
  withSecureListener('tls+tcp', serverTls(ours), ({ req, url }) => {
    const error = throwsLike(
      () => req.dial(url, { tls: tlsConfig('client', { ca: ours.cert, serverName: 'elsewhere.example' }), block: true }),
      Error,
      /Cryptographic error|Peer could not be authenticated/,
    );
    assert.is(error.name, 'NngError');
  }));

test('a server requiring client certificates refuses a client without one', () =>
  withSecureListener('tls+tcp', serverTls(ours, { ca: theirs.cert, authMode: 'required' }), async ({ rep, req, url }) => {
    req.dial(url, { tls: tlsConfig('client', { ca: ours.cert }) });
    await unheard(rep, req, 'anonymous');
  }));

// src/nng.ts documents ListenOptions.tls as required for tls+tcp:// and wss:// URLs.
test('listening on tls+tcp or wss without options.tls is refused up front', () =>
  withSockets({ rep: 'rep' }, ({ rep }) => {
    throwsLike(() => rep.listen(uniqueUrl('tls+tcp')), TypeError, /options\.tls/);
    throwsLike(() => rep.listen(uniqueUrl('wss')), TypeError, /options\.tls/);
  }));

// --- configuration checks ---------------------------------------------------------------------

test('tlsConfig options are checked by name, type and pairing', () => {
  throwsLike(() => tlsConfig('peer' as never), TypeError, /mode must be 'client' or 'server', got the string "peer"/);
  throwsLike(() => tlsConfig('client', { serverNme: 'x' } as never), TypeError, /options has an unknown option 'serverNme': did you mean 'serverName'\?/);
  throwsLike(() => tlsConfig('server', { cert: ours.cert }), TypeError, /options\.cert and options\.key go together: give both or neither/);
  throwsLike(() => tlsConfig('client', { ca: 5 } as never), TypeError, /options\.ca must be a string, got number 5/);
  throwsLike(() => tlsConfig('client', { authMode: 'strict' } as never), TypeError, /options\.authMode must be 'none', 'optional' or 'required', got the string "strict"/);
  throwsLike(() => new native.TlsConfig('both' as never), TypeError, /mode must be 'client' or 'server'/);
});

test('malformed PEM is a crypto error (26) from the addon', () => {
  const badKey = throwsLike(() => tlsConfig('server', { cert: ours.cert, key: 'not a key' }), Error, /Cryptographic error/);
  assert.is((badKey as Error & { code: number }).code, 26);
  const badCa = throwsLike(() => tlsConfig('client', { ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }), Error, /Cryptographic error/);
  assert.is((badCa as Error & { code: number }).code, 26);
  assert.is(tlsConfig('client', { ca: ours.cert }).mode, 'client');
  assert.is(tlsConfig('server', { cert: ours.cert, key: ours.key }).mode, 'server');
});

test('the addon reports its TLS engine and versions', () => {
  assert.equal(native.versions, { nng: '1.5.2', mbedtls: '2.28.3', tlsEngine: 'mbed' });
  assert.is(native.strerror(5), 'Timed out');
});

test.run();
