// Why a daemon's TLS handshake failed, in words: NNG reports only "Cryptographic error". The
// host's certificate is fetched again with Node's TLS (nothing is trusted or sent) and judged
// by the rules of the vendored Mbed TLS 2.28.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { isNngError } from './errors';
import { parseUrl } from './url';

/** NNG's "Cryptographic error", "Peer could not be authenticated", and "Connection shutdown"
 * (how a daemon with no client certificate sees a host that requires one). */
const TLS_FAILURES = new Set([26, 27, 31]);
const FETCH_TIMEOUT_MS = 5_000;
/** NNG's "Timed out": with TLS, a handshake left unanswered (NNG gives up after 10 s) or a
 * connection never accepted (the system gives up). */
const TIMED_OUT = 5;
const UNANSWERED = 'no answer in time (NNG gives up on a TLS handshake after 10 s, the system on a connection after about 2 minutes): check that the address is a mirai host listening on tls+tcp or wss (not another service, nor plain tcp or ws), and that nothing on the way drops the traffic';

/** `error` explained when it is a failed TLS handshake with `url` given CA `caPem` and
 * client certificate and key `identity`; else `error` itself. */
export async function explainTlsFailure(error: unknown, url: string, caPem: string | undefined, identity?: [string, string]): Promise<unknown> {
  if (!isNngError(error) || caPem === undefined) return error;
  if (error.code === TIMED_OUT) return explained(error, url, UNANSWERED);
  if (!TLS_FAILURES.has(error.code)) return error;
  const { host, port } = parseUrl(url);
  let chain: X509Certificate[];
  try {
    chain = await fetchChain(host, port as number, identity);
  } catch (fetchError) {
    return endedHandshake(fetchError) ? explained(error, url, refusedClient(identity)) : error;
  }
  const problem = judge(chain, caPem, host);
  return problem === undefined ? error : explained(error, url, problem);
}

/** The host ended the handshake itself: with mutual TLS, it refused this daemon's client
 * certificate, or its lack of one. */
function refusedClient(identity: [string, string] | undefined): string {
  const why = identity === undefined ? 'this daemon presented none' : `the one this daemon presented is not the one issued to it (each daemons() call issues new ones)${ownExpiry(identity[0])}`;
  return `the host refused the handshake: it requires a client certificate (mutual TLS, as zero-configuration TLS does), and ${why}: start the daemon with the command launchRemote() prints now, which carries it in MIRAI_TLS_CERT and MIRAI_TLS_KEY`;
}

/** Why this daemon's own certificate would be refused anywhere (it is out of date), if so. */
function ownExpiry(certPem: string): string {
  const [own] = splitCertificates(certPem);
  const problem = own && validityProblem(own, "this daemon's certificate", 'use the one issued now');
  return problem ? `, and ${problem}` : '';
}

/** A TLS alert from the host, or the connection dropped mid-handshake (as Mbed TLS does to a
 * client that sends no certificate). */
function endedHandshake(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('ERR_SSL_') || code === 'ECONNRESET');
}

function explained(error: Error, url: string, problem: string): Error {
  const explained = new Error(`TLS with ${url} failed (${error.message}): ${problem}`);
  (explained as Error & { cause?: unknown }).cause = error;
  return explained;
}

/** What Mbed TLS 2.28 would object to in `chain` (leaf first) for `host`, if anything. */
export function judge(chain: X509Certificate[], caPem: string, host: string): string | undefined {
  const cas = splitCertificates(caPem);
  const leaf = chain[0];
  if (!chain.some((cert) => cas.some((ca) => cert.fingerprint256 === ca.fingerprint256 || (cert.checkIssued(ca) && cert.verify(ca.publicKey))))) {
    const given = cas.map((ca) => oneLine(ca.subject)).join('; ');
    if (selfSigned(leaf)) {
      return `the host's certificate (${oneLine(leaf.subject)}) is self-signed, and it is not the certificate this daemon was given to trust (${given}): give the daemon the host's certificate itself as its CA (its tls option, or MIRAI_TLS_CA), or give the host a certificate signed by a CA the daemon trusts`;
    }
    return `the host's certificate (${oneLine(leaf.subject)}, issued by ${oneLine(leaf.issuer)}) is not signed by the CA certificate this daemon was given (${given}): give the daemon the host's CA (its tls option, or MIRAI_TLS_CA)`;
  }
  return validityProblem(leaf, "the host's certificate", 'give the host a new certificate') ?? nameProblem(leaf, host);
}

/** Why `cert` (`what`) is not valid now, as Mbed TLS checks by this machine's clock; `remedy`
 * is what to do when it expired. */
function validityProblem(cert: X509Certificate, what: string, remedy: string): string | undefined {
  const now = new Date();
  const clock = `this machine's clock says ${now.toUTCString()}`;
  if (Date.parse(cert.validTo) < now.getTime()) {
    return `${what} (${oneLine(cert.subject)}) expired on ${cert.validTo} (${clock}): ${remedy}, or set this machine's clock right if it is wrong`;
  }
  if (Date.parse(cert.validFrom) > now.getTime()) {
    return `${what} (${oneLine(cert.subject)}) is not valid until ${cert.validFrom} (${clock}): set the clock right here or where the certificate was made`;
  }
  return undefined;
}

function selfSigned(cert: X509Certificate): boolean {
  return cert.checkIssued(cert) && cert.verify(cert.publicKey);
}

/** Mbed TLS 2.28 matches the dialled name against the DNS subject-alternative names when the
 * certificate has any, else against the common name; it never matches IP addresses in SANs. */
function nameProblem(leaf: X509Certificate, host: string): string | undefined {
  const sans = (leaf.subjectAltName ?? '').split(/,\s*/).filter(Boolean);
  const dns = sans.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  const ips = sans.filter((s) => s.startsWith('IP Address:')).map((s) => s.slice(11));
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(leaf.subject)?.[1];
  const names = sans.length > 0 ? dns : cn === undefined ? [] : [cn];
  if (names.some((name) => matches(name, host))) return undefined;
  if (isIP(host) && ips.includes(host)) {
    return `the certificate names ${host} only as an IP subject-alternative name, which this TLS library (Mbed TLS 2.28) cannot match: issue it with CN=${host} and no subjectAltName extension, or give it a DNS name (in a DNS subjectAltName) and dial that name`;
  }
  const shown = sans.length > 0 ? `its DNS subject-alternative names (${dns.join(', ') || 'none'}; a common name is ignored when SANs exist)` : `its common name (${cn ?? 'none'})`;
  return `the daemon dialled ${host}, but the certificate is for ${shown}: dial a name the certificate has, or issue one for ${host}`;
}

function matches(name: string, host: string): boolean {
  const n = name.toLowerCase();
  const h = host.toLowerCase();
  if (n === h) return true;
  return n.startsWith('*.') && h.slice(h.indexOf('.')) === n.slice(1);
}

function splitCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

function oneLine(name: string): string {
  return name.split('\n').join(', ');
}

/** The host's certificate chain, leaf first, from a handshake that trusts nothing (and
 * presents `identity`, as a host requiring client certificates ends the handshake without). */
function fetchChain(host: string, port: number, identity: [string, string] | undefined): Promise<X509Certificate[]> {
  return new Promise((resolve, reject) => {
    const [cert, key] = identity ?? [];
    const socket = connect({ host, port, rejectUnauthorized: false, servername: isIP(host) ? undefined : host, cert, key });
    const timer = setTimeout(() => socket.destroy(new Error('timed out')), FETCH_TIMEOUT_MS);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const chain: X509Certificate[] = [];
      let cert = socket.getPeerCertificate(true);
      const seen = new Set<string>();
      while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        chain.push(new X509Certificate(cert.raw));
        cert = cert.issuerCertificate;
      }
      socket.destroy();
      resolve(chain);
    });
  });
}
