// TLS for daemons and hosts: PEM from text or files, and zero-configuration certificates.
import { readFileSync } from 'node:fs';
import { native, type CertificateOptions, type GeneratedCertificate } from './native';
import { tlsConfig, type TlsConfig } from './nng';
import { multiLinePem } from './pem';

/** PEM text as given (re-wrapped if it came on one line), or the contents of the file it names. */
export function readFileIfPath(pemOrPath: string): string {
  if (pemOrPath.includes('-----BEGIN')) return pemOrPath.includes('\n') ? pemOrPath : multiLinePem(pemOrPath);
  try {
    return readFileSync(pemOrPath, 'utf8');
  } catch (error) {
    throw new TypeError(`tls: '${pemOrPath}' is neither PEM text nor a readable file (${(error as Error).message})`);
  }
}

export interface ServerTls {
  /** For listeners. */
  config: TlsConfig;
  /** The certificate daemons trust (PEM), passed to them as their `tls` option. */
  ca: string;
}

/** Certificate and key from `[cert, key]` or a file holding both, or, with nothing given,
 * a new self-signed certificate for `host` (zero-configuration TLS, made in memory). */
export async function tlsMaterial(host: string, tls?: string | [string, string], pass?: string): Promise<{ certKey: [string, string]; ca: string }> {
  if (tls === undefined) {
    const { cert, key } = await native.generateCertificate({ commonName: host || 'localhost' });
    return { certKey: [cert, key], ca: cert };
  }
  const certKey = typeof tls === 'string' ? splitPem(readFileIfPath(tls)) : tls;
  checkCertKey(certKey, pass);
  return { certKey, ca: certKey[0] };
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

/** A server configuration (see tlsMaterial). */
export async function serverTls(host: string, tls?: string | [string, string], pass?: string): Promise<ServerTls> {
  const { certKey, ca } = await tlsMaterial(host, tls, pass);
  return { config: tlsConfig('server', { cert: certKey[0], key: certKey[1], pass }), ca };
}

/** Splits a file holding a certificate chain and a private key. */
function splitPem(pem: string): [string, string] {
  const key = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----\s*/.exec(pem);
  if (!key) throw new TypeError('tls: the file has no private key (expected a certificate chain followed by its key)');
  return [pem.replace(key[0], ''), key[0]];
}

/** A self-signed certificate and its private key (PEM), made in memory off the JavaScript
 * thread: EC P-256 by default, RSA on request. */
export function generateCertificate(options?: CertificateOptions): Promise<GeneratedCertificate> {
  try {
    return native.generateCertificate(options);
  } catch (error) {
    return Promise.reject(error);
  }
}
