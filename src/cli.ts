#!/usr/bin/env node
// The command line: `mirai daemon <url> [--option value ...]`.
import { daemon } from './daemon';
import { DAEMON_OPTION_KEYS, readDaemonOptions, type DaemonOptions } from './daemonOptions';
import { parseUrl } from './url';

const USAGE = `usage: mirai daemon <url> [--option value ...]  (or the URL in MIRAI_URL)
options: ${DAEMON_OPTION_KEYS.map((k) => `--${k}`).join(' ')}`;

/** 'true'/'false' become booleans, numbers numbers, 'Infinity' Infinity; the rest stay text. */
function parseValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'Infinity') return Infinity;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

export function parseOptions(args: string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i];
    if (!flag.startsWith('--') || i + 1 >= args.length) throw new TypeError(`expected --option value, got '${args.slice(i).join(' ')}'`);
    options[flag.slice(2)] = parseValue(args[i + 1]);
  }
  // Never numbers: a control URL or a CA path is text whatever it looks like.
  for (const key of ['tls', 'identity', 'control', 'rs'] as const) {
    if (typeof options[key] === 'number') options[key] = String(options[key]);
  }
  return options;
}

/** The client certificate and key from MIRAI_TLS_CERT and MIRAI_TLS_KEY, taken out of the
 * environment that tasks and their child processes see. */
function identityFromEnv(): [string, string] | undefined {
  const { MIRAI_TLS_CERT: cert, MIRAI_TLS_KEY: key } = process.env;
  delete process.env.MIRAI_TLS_CERT;
  delete process.env.MIRAI_TLS_KEY;
  if (!cert && !key) return undefined;
  if (!cert || !key) throw new TypeError('MIRAI_TLS_CERT and MIRAI_TLS_KEY go together: set both or neither');
  return [cert, key];
}

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

/** Exit codes: 0 done, 1 failed while running, 2 bad usage (nothing was started). */
async function main(argv: string[]): Promise<number> {
  // The URL may come by environment (MIRAI_URL), where a token in it is not shown to `ps`.
  const [command, ...after] = argv;
  if (isHelp(command) || (command === 'daemon' && isHelp(after[0]))) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const fromEnv = process.env.MIRAI_URL !== undefined && (after.length === 0 || after[0].startsWith('--'));
  const [url, ...rest] = fromEnv ? [process.env.MIRAI_URL as string, ...after] : after;
  if (command !== 'daemon' || url === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let options: DaemonOptions;
  try {
    options = parseOptions(rest) as DaemonOptions;
    // Every user of the machine reads a process's arguments: a key there is refused.
    if (typeof options.identity === 'string' && options.identity.includes('-----BEGIN')) {
      throw new TypeError('--identity takes a file: a key on the command line is shown to every user by ps (set MIRAI_TLS_CERT and MIRAI_TLS_KEY instead)');
    }
    if (options.tls === undefined && process.env.MIRAI_TLS_CA) options.tls = process.env.MIRAI_TLS_CA;
    const identity = identityFromEnv();
    options.identity ??= identity;
    parseUrl(url, 'url');
    readDaemonOptions(options, 'options');
  } catch (error) {
    process.stderr.write(`mirai daemon: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  await daemon(url, options);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`mirai daemon: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
