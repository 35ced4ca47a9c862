// TLS, all of it: configurations for listeners and dialers, PEM from text or files, and the
// zero-configuration certificates made in memory.
import { readFileSync } from 'node:fs';
import { native, type CertificateOptions, type GeneratedCertificate, type TlsAuthMode, type TlsConfig } from './native';
import { multiLinePem } from './pem';
import { expectKnownKeys, expectObject, expectString, typeName } from './validate';

export type { TlsConfig } from './native';

/** PEM text as given (re-wrapped if it came on one line), or the contents of the file it names. */
export function readFileIfPath(pemOrPath: string): string {
  if (pemOrPath.includes('-----BEGIN')) return rewrapped(pemOrPath);
  try {
    return readFileSync(pemOrPath, 'utf8');
  } catch (error) {
    throw new TypeError(`tls: '${pemOrPath}' is neither PEM text nor a readable file (${(error as Error).message})`);
  }
}

/** PEM as Mbed TLS reads it: one-line PEM (from an environment variable) re-wrapped. */
function rewrapped(pem: string): string {
  return pem.includes('\n') ? pem : multiLinePem(pem);
}

export interface ServerTls {
  /** For listeners. */
  config: TlsConfig;
  /** The certificate daemons trust (PEM), passed to them as their `tls` option. */
  ca: string;
  /** With zero configuration: the client certificate and key issued to this host's daemons,
   * without which its listeners refuse a peer (mutual TLS). */
  identity?: [string, string];
}

/** A host's TLS material: its certificate and key, and the CA its daemons trust. */
export interface TlsMaterial {
  certKey: [string, string];
  ca: string;
  /** See ServerTls. */
  identity?: [string, string];
}

/** Certificate and key from `[cert, key]` or a file holding both, or, with nothing given,
 * a new self-signed certificate for `host` (zero-configuration TLS, made in memory) and a
 * second one, with its key, for the daemons to present: the host's listeners trust only it. */
export async function tlsMaterial(host: string, tls?: string | [string, string], pass?: string): Promise<TlsMaterial> {
  if (tls === undefined) {
    const [server, client] = await Promise.all([
      native.generateCertificate({ commonName: host || 'localhost' }),
      native.generateCertificate({ commonName: 'mirai daemon' }),
    ]);
    return { certKey: [server.cert, server.key], ca: server.cert, identity: [client.cert, client.key] };
  }
  const certKey = readCertKey(tls);
  checkCertKey(certKey, pass);
  return { certKey, ca: certKey[0] };
}

/** A certificate-and-key option, checked: a file path (or PEM text) or `[cert, key]` PEM. */
export function expectCertKey(value: unknown, what: string): string | [string, string] | undefined {
  if (value === undefined || typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  throw new TypeError(`${what} must be a file path or [cert, key] PEM strings, got ${typeName(value)}`);
}

/** `[cert, key]` as given, or read from PEM text or a file holding a certificate chain
 * followed by its key. */
export function readCertKey(value: string | [string, string]): [string, string] {
  return typeof value === 'string' ? splitPem(readFileIfPath(value)) : [rewrapped(value[0]), rewrapped(value[1])];
}

/** Loads a certificate and key once, here, so that a failure says more than Mbed TLS's
 * "Cryptographic error". */
function checkCertKey([cert, key]: [string, string], pass: string | undefined): void {
  try {
    tlsConfig('server', { cert, key, pass });
  } catch (error) {
    const encrypted = /ENCRYPTED/.test(key);
    const why = !encrypted
      ? 'is the key the one for this certificate, and both PEM?'
      : pass === undefined
        ? 'the key is encrypted: give its password as options.pass'
        : /BEGIN ENCRYPTED PRIVATE KEY/.test(key)
          ? 'a wrong pass, or an encrypted PKCS#8 key, which Mbed TLS 2.28 reads only with DES ciphers: convert it with `openssl pkey -in KEY -traditional -aes256 -out NEWKEY`'
          : 'a wrong pass?';
    throw new TypeError(`tls: the certificate and key cannot be loaded (${(error as Error).message}): ${why}`);
  }
}

/** A server configuration (see tlsMaterial). Its listeners require a client certificate
 * that `clientCa` (PEM) verifies, or with zero configuration the one issued to daemons. */
export async function serverTls(host: string, tls?: string | [string, string], pass?: string, clientCa?: string): Promise<ServerTls> {
  const { certKey, ca, identity } = await tlsMaterial(host, tls, pass);
  const required = clientCa ?? identity?.[0];
  const peers = required === undefined ? {} : { ca: required, authMode: 'required' as const };
  return { config: tlsConfig('server', { cert: certKey[0], key: certKey[1], pass, ...peers }), ca, identity };
}

/** Splits a file holding a certificate chain and a private key. */
function splitPem(pem: string): [string, string] {
  const key = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----\s*/.exec(pem);
  if (!key) throw new TypeError('tls: the file has no private key (expected a certificate chain followed by its key)');
  return [pem.replace(key[0], ''), key[0]];
}

/** A self-signed certificate and its private key (PEM), made in memory off the JavaScript
 * thread: EC P-256 by default, RSA on request. Bad options reject (TypeError or RangeError). */
export function generateCertificate(options?: CertificateOptions): Promise<GeneratedCertificate> {
  try {
    return native.generateCertificate(options);
  } catch (error) {
    return Promise.reject(error);
  }
}

// --- configurations -------------------------------------------------------------------------

/** Options of {@link tlsConfig}: PEM text for the certificates and keys. */
export interface TlsOptions {
  /** Own certificate chain, PEM (servers; clients for mutual TLS). */
  cert?: string;
  /** Private key, PEM, for `cert`. */
  key?: string;
  /** Password of an encrypted `key`. */
  pass?: string;
  /** Certificate(s) to verify the peer against, PEM. */
  ca?: string;
  /** Revocation list, PEM, with `ca`. */
  crl?: string;
  /** Peer verification: client default 'required', server default 'none'. */
  authMode?: TlsAuthMode;
  /** Name expected in the server's certificate (clients). */
  serverName?: string;
}

const TLS_KEYS = ['cert', 'key', 'pass', 'ca', 'crl', 'authMode', 'serverName'] as const;

/**
 * Builds a TLS configuration for listeners ('server') or dialers ('client').
 *
 * @throws TypeError for a bad mode, an unknown option, a value that is not a string, `cert`
 *   without `key` (or the reverse), or an unknown `authMode`; an {@link NngError} if NNG
 *   rejects the PEM.
 * @example
 * ```ts
 * const { cert, key } = await generateCertificate({ commonName: '127.0.0.1' });
 * const server = tlsConfig('server', { cert, key });
 * const client = tlsConfig('client', { ca: cert });
 * ```
 */
export function tlsConfig(mode: 'client' | 'server', options: TlsOptions = {}): TlsConfig {
  if (mode !== 'client' && mode !== 'server') throw new TypeError(`mode must be 'client' or 'server', got ${typeName(mode)}`);
  expectObject(options, 'options');
  expectKnownKeys(options as Record<string, unknown>, TLS_KEYS, 'options');
  for (const key of TLS_KEYS) if (options[key] !== undefined) expectString(options[key], `options.${key}`);
  if ((options.cert === undefined) !== (options.key === undefined)) {
    throw new TypeError('options.cert and options.key go together: give both or neither');
  }
  if (options.authMode !== undefined && !['none', 'optional', 'required'].includes(options.authMode)) {
    throw new TypeError(`options.authMode must be 'none', 'optional' or 'required', got ${typeName(options.authMode)}`);
  }
  const config = new native.TlsConfig(mode);
  if (options.cert !== undefined && options.key !== undefined) config.setCertKey(options.cert, options.key, options.pass);
  if (options.ca !== undefined) config.setCaChain(options.ca, options.crl);
  if (options.authMode !== undefined) config.setAuthMode(options.authMode);
  if (options.serverName !== undefined) config.setServerName(options.serverName);
  return config;
}
