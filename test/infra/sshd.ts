// A private OpenSSH server for tests: its own host key, a client key made for the test, on an
// address of a namespace (or loopback); stop() ends it and removes its files.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terminate } from './shell';

export interface Sshd {
  address: string;
  port: number;
  /** ssh arguments that log in as root with the test's key, trusting the new host key. */
  clientOptions: string[];
  stop(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';

/** Starts sshd on `address`:`port` (inside namespace `netns` if given); resolves once it
 * listens, rejects (never skips) if it cannot start within `ms`. */
export async function startSshd(address: string, port: number, netns?: string, ms = 10_000): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'mirai-sshd-'));
  const key = (name: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)], { timeout: 10_000 });
  key('host');
  key('client');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client.pub')));
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      `ListenAddress ${address}`,
      `HostKey ${join(dir, 'host')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'AllowTcpForwarding yes',
      '',
    ].join('\n'),
  );
  mkdirSync('/run/sshd', { recursive: true });
  const argv = [SSHD, '-f', join(dir, 'sshd_config'), '-D', '-e'];
  const child = netns ? spawn('ip', ['netns', 'exec', netns, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] }) : spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  const stop = () => stopChild(child, dir);
  try {
    await listening(child, ms);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    address,
    port,
    clientOptions: ['-i', join(dir, 'client'), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR'],
    stop,
  };
}

function listening(child: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`sshd did not listen within ${ms} ms: ${text}`)), ms);
    child.once('error', (error) => reject(new Error(`sshd cannot start: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`sshd exited (${code}): ${text}`)));
    child.stderr!.on('data', (chunk) => {
      text += chunk;
      if (/Server listening on/.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

async function stopChild(child: ChildProcess, dir: string): Promise<void> {
  await terminate(child);
  rmSync(dir, { recursive: true, force: true });
}
