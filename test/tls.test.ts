// TLS: tls+tcp and wss with generated certificates; a client that trusts another CA is refused.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native, type GeneratedCertificate } from '../src/native';
import { openSocket, tlsConfig } from '../src/nng';
import { expectNngError, expectThrow, handled, uniqueUrl, withTimeout } from './helpers';

let ours: GeneratedCertificate;
let theirs: GeneratedCertificate;

test.before(async () => {
  [ours, theirs] = await withTimeout(
    Promise.all([native.generateCertificate({ commonName: '127.0.0.1' }), native.generateCertificate({ commonName: '127.0.0.1' })]),
    30000,
    'generate two EC certificates',
  );
});

async function secureRoundTrip(url: string, server: GeneratedCertificate, trusted: string): Promise<void> {
  const rep = openSocket('rep');
  const req = openSocket('req');
  try {
    const listener = rep.listen(url, { tls: tlsConfig('server', { cert: server.cert, key: server.key }) });
    req.dial(listener.url, { tls: tlsConfig('client', { ca: trusted }), block: true });
    await req.send('secret');
    assert.is((await withTimeout(rep.recv(), 5000, `rep recv over ${url}`)).toString(), 'secret');
    await rep.send('sealed');
    assert.is((await withTimeout(req.recv(), 5000, `req recv over ${url}`)).toString(), 'sealed');
  } finally {
    req.close();
    rep.close();
  }
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
  const rep = openSocket('rep');
  const req = openSocket('req');
  try {
    const listener = rep.listen('tls+tcp://127.0.0.1:0', { tls: tlsConfig('server', { cert: rsa.cert, key: rsa.key }) });
    const port = listener.url.slice(listener.url.lastIndexOf(':') + 1);
    req.dial(`tls+tcp://localhost:${port}`, { tls: tlsConfig('client', { ca: rsa.cert, serverName: 'localhost' }), block: true });
    await req.send('rsa');
    assert.is((await withTimeout(rep.recv(), 5000, 'rep recv')).toString(), 'rsa');
  } finally {
    req.close();
    rep.close();
  }
});

test('certificate options are checked', () => {
  expectThrow(() => native.generateCertificate({ bits: 512 }), RangeError, /options\.bits must be from 1024 to 8192/);
  expectThrow(() => native.generateCertificate({ keyType: 'dsa' as never }), TypeError, /options\.keyType must be 'ec' or 'rsa'/);
  expectThrow(() => native.generateCertificate({ commonName: '' }), TypeError, /options\.commonName must be a non-empty string/);
  expectThrow(() => native.generateCertificate({ validDays: 0 }), RangeError, /options\.validDays must be from 1 to 36500/);
  expectThrow(() => native.generateCertificate('x' as never), TypeError, /options must be an object/);
});

// --- round trips ----------------------------------------------------------------------------

test('tls+tcp round trip: the generated certificate as server cert and client CA', async () => {
  await secureRoundTrip(uniqueUrl('tls+tcp'), ours, ours.cert);
});

test('wss round trip with a path', async () => {
  await secureRoundTrip(uniqueUrl('wss'), ours, ours.cert);
});

test('mutual TLS: a server requiring client certificates accepts one it trusts', async () => {
  const rep = openSocket('rep');
  const req = openSocket('req');
  try {
    const server = tlsConfig('server', { cert: ours.cert, key: ours.key, ca: theirs.cert, authMode: 'required' });
    const listener = rep.listen(uniqueUrl('tls+tcp'), { tls: server });
    req.dial(listener.url, { tls: tlsConfig('client', { cert: theirs.cert, key: theirs.key, ca: ours.cert }), block: true });
    await req.send('both ways');
    assert.is((await withTimeout(rep.recv(), 5000, 'rep recv')).toString(), 'both ways');
  } finally {
    req.close();
    rep.close();
  }
});

// --- refusals -------------------------------------------------------------------------------

test('a client trusting a different CA is refused: the blocking dial throws a crypto error (26)', () => {
  const rep = openSocket('rep');
  const req = openSocket('req');
  try {
    const listener = rep.listen(uniqueUrl('tls+tcp'), { tls: tlsConfig('server', { cert: ours.cert, key: ours.key }) });
    const error = expectThrow(() => req.dial(listener.url, { tls: tlsConfig('client', { ca: theirs.cert }), block: true }), Error, /Cryptographic error/);
    assert.is(error.name, 'NngError');
    assert.is((error as Error & { code: number }).code, 26);
  } finally {
    req.close();
    rep.close();
  }
});

test('a client trusting a different CA gets no reply: its request times out (5)', async () => {
  const rep = openSocket('rep');
  const req = openSocket('req');
  try {
    const listener = rep.listen(uniqueUrl('wss'), { tls: tlsConfig('server', { cert: ours.cert, key: ours.key }) });
    req.dial(listener.url, { tls: tlsConfig('client', { ca: theirs.cert }) });
    const served = handled(rep.recv({ timeout: 300 }));
    const ctx = req.context();
    await expectNngError(ctx.request('let me in', { timeout: 300 }), 5, 'request through an untrusted server');
    await expectNngError(served, 5, 'server never hears the request');
  } finally {
    req.close();
    rep.close();
  }
});

test('a client with no CA at all cannot authenticate the server (27)', () => {
  const rep = openSocket('rep');
  const req = openSocket('req');
  try {
    const listener = rep.listen(uniqueUrl('tls+tcp'), { tls: tlsConfig('server', { cert: ours.cert, key: ours.key }) });
    const error = expectThrow(() => req.dial(listener.url, { tls: tlsConfig('client'), block: true }), Error, /Peer could not be authenticated/);
    assert.is((error as Error & { code: number }).code, 27);
  } finally {
    req.close();
    rep.close();
  }
});

test('a client whose expected server name is not in the certificate is refused', () => {
  const rep = openSocket('rep');
  const req = openSocket('req');
  try {
    const listener = rep.listen(uniqueUrl('tls+tcp'), { tls: tlsConfig('server', { cert: ours.cert, key: ours.key }) });
    const error = expectThrow(
      () => req.dial(listener.url, { tls: tlsConfig('client', { ca: ours.cert, serverName: 'elsewhere.example' }), block: true }),
      Error,
      /Cryptographic error|Peer could not be authenticated/,
    );
    assert.is(error.name, 'NngError');
  } finally {
    req.close();
    rep.close();
  }
});

test('a server requiring client certificates refuses a client without one', async () => {
  const rep = openSocket('rep');
  const req = openSocket('req');
  try {
    const server = tlsConfig('server', { cert: ours.cert, key: ours.key, ca: theirs.cert, authMode: 'required' });
    const listener = rep.listen(uniqueUrl('tls+tcp'), { tls: server });
    req.dial(listener.url, { tls: tlsConfig('client', { ca: ours.cert }) });
    const served = handled(rep.recv({ timeout: 300 }));
    const ctx = req.context();
    await expectNngError(ctx.request('anonymous', { timeout: 300 }), 5, 'request without a client certificate');
    await expectNngError(served, 5, 'server never hears it');
  } finally {
    req.close();
    rep.close();
  }
});

// src/nng.ts documents ListenOptions.tls as required for tls+tcp:// and wss:// URLs.
test('listening on tls+tcp or wss without options.tls is refused up front', () => {
  const rep = openSocket('rep');
  try {
    expectThrow(() => rep.listen(uniqueUrl('tls+tcp')), TypeError, /options\.tls/);
    expectThrow(() => rep.listen(uniqueUrl('wss')), TypeError, /options\.tls/);
  } finally {
    rep.close();
  }
});

// --- configuration checks ---------------------------------------------------------------------

test('tlsConfig options are checked by name, type and pairing', () => {
  expectThrow(() => tlsConfig('peer' as never), TypeError, /mode must be 'client' or 'server', got the string "peer"/);
  expectThrow(() => tlsConfig('client', { serverNme: 'x' } as never), TypeError, /options has an unknown option 'serverNme': did you mean 'serverName'\?/);
  expectThrow(() => tlsConfig('server', { cert: ours.cert }), TypeError, /options\.cert and options\.key go together: give both or neither/);
  expectThrow(() => tlsConfig('client', { ca: 5 } as never), TypeError, /options\.ca must be a string, got number 5/);
  expectThrow(() => tlsConfig('client', { authMode: 'strict' } as never), TypeError, /options\.authMode must be 'none', 'optional' or 'required', got the string "strict"/);
  expectThrow(() => new native.TlsConfig('both' as never), TypeError, /mode must be 'client' or 'server'/);
});

test('malformed PEM is a crypto error (26) from the addon', () => {
  const badKey = expectThrow(() => tlsConfig('server', { cert: ours.cert, key: 'not a key' }), Error, /Cryptographic error/);
  assert.is((badKey as Error & { code: number }).code, 26);
  const badCa = expectThrow(() => tlsConfig('client', { ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }), Error, /Cryptographic error/);
  assert.is((badCa as Error & { code: number }).code, 26);
  assert.is(tlsConfig('client', { ca: ours.cert }).mode, 'client');
  assert.is(tlsConfig('server', { cert: ours.cert, key: ours.key }).mode, 'server');
});

test('the addon reports its TLS engine and versions', () => {
  assert.equal(native.versions, { nng: '1.5.2', mbedtls: '2.28.3', tlsEngine: 'mbed' });
  assert.is(native.strerror(5), 'Timed out');
});

test.run();
