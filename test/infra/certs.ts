// Certificates made with the openssl command for tests: a CA, server certificates it signs
// (common name only, or an IP subject-alternative name only), and an encrypted key.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  dir: string;
  caFile: string;
  /** A server certificate and key for `cn` (PEM), signed by this CA; `ipSan` puts the
   * address in an IP subjectAltName (and something else in the CN). */
  issue(cn: string, options?: { ipSan?: string; pass?: string }): { cert: string; key: string; bothFile: string };
  remove(): void;
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
      openssl(['x509', '-req', '-in', `${base}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${base}.crt`, '-days', '2', ...ext], dir);
      if (options.pass) openssl(['pkey', '-in', `${base}.key`, '-traditional', '-aes256', '-passout', `pass:${options.pass}`, '-out', `${base}.enc.key`], dir);
      const cert = readFileSync(join(dir, `${base}.crt`), 'utf8');
      const key = readFileSync(join(dir, options.pass ? `${base}.enc.key` : `${base}.key`), 'utf8');
      const bothFile = join(dir, `${base}.pem`);
      writeFileSync(bothFile, cert + key);
      return { cert, key, bothFile };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function writeExt(dir: string, base: string, text: string): string {
  const file = join(dir, `${base}.ext`);
  writeFileSync(file, `${text}\n`);
  return file;
}
