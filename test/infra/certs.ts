// Certificates made with the openssl command for tests: a CA, server certificates it signs
// (common name only, or an IP subject-alternative name only; valid now or over given dates),
// an encrypted key, and the CA's own self-signed certificate used as a server's.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  dir: string;
  caFile: string;
  /** A server certificate and key for `cn` (PEM), signed by this CA; `ipSan` puts the
   * address in an IP subjectAltName (and something else in the CN). */
  issue(cn: string, options?: { ipSan?: string; pass?: string; validity?: [string, string] }): CertKey;
  /** The CA's own self-signed certificate and key, to serve with (name the CA for the host). */
  own(): CertKey;
  remove(): void;
}

/** A certificate and its key (PEM), and a file holding both (the form daemons() takes). */
export interface CertKey {
  cert: string;
  key: string;
  bothFile: string;
}

function openssl(args: string[], dir: string): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
}

export function makeCa(name: string): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'mirai-ca-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', `/CN=${name}`, '-days', '2'], dir);
  let serial = 0;
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    issue(cn, options = {}) {
      const base = `server${++serial}`;
      openssl(['req', '-new', ...ec, '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${cn}`], dir);
      const ext = options.ipSan ? ['-extfile', writeExt(dir, base, `subjectAltName=IP:${options.ipSan}`)] : [];
      if (options.validity) signOver(dir, base, options.validity);
      else openssl(['x509', '-req', '-in', `${base}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${base}.crt`, '-days', '2', ...ext], dir);
      if (options.pass) openssl(['pkey', '-in', `${base}.key`, '-traditional', '-aes256', '-passout', `pass:${options.pass}`, '-out', `${base}.enc.key`], dir);
      return certKey(dir, `${base}.crt`, options.pass ? `${base}.enc.key` : `${base}.key`, `${base}.pem`);
    },
    own: () => certKey(dir, 'ca.crt', 'ca.key', 'ca.pem'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function certKey(dir: string, certFile: string, keyFile: string, bothName: string): CertKey {
  const cert = readFileSync(join(dir, certFile), 'utf8');
  const key = readFileSync(join(dir, keyFile), 'utf8');
  const bothFile = join(dir, bothName);
  writeFileSync(bothFile, cert + key);
  return { cert, key, bothFile };
}

/** Signs `base`.csr valid from `from` to `to` (openssl dates, YYYYMMDDHHMMSSZ): only the ca
 * command of openssl 3.0 sets dates in the past, and it wants a database and a config. */
function signOver(dir: string, base: string, [from, to]: [string, string]): void {
  const config = `[ca]\ndefault_ca = test\n[test]\ndatabase = ${base}.index\nnew_certs_dir = .\nserial = ${base}.serial\ndefault_md = sha256\npolicy = any\n[any]\ncommonName = supplied\n`;
  writeFileSync(join(dir, `${base}.cnf`), config);
  writeFileSync(join(dir, `${base}.index`), '');
  writeFileSync(join(dir, `${base}.serial`), `${randomBytes(8).toString('hex')}\n`);
  openssl(['ca', '-batch', '-notext', '-config', `${base}.cnf`, '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', `${base}.csr`, '-out', `${base}.crt`, '-startdate', from, '-enddate', to], dir);
}

function writeExt(dir: string, base: string, text: string): string {
  const file = join(dir, `${base}.ext`);
  writeFileSync(file, `${text}\n`);
  return file;
}
