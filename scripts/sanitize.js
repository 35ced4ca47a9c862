// Builds the addon with AddressSanitizer and UndefinedBehaviorSanitizer (in build-asan/) and runs
// the binding's test files, and the dispatcher's, on it. Node itself is not instrumented, so the
// sanitizer runtimes are preloaded into every process: the test files' and the daemons' they
// start. Usage: npm run test:sanitize [-- file-substring ...]
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const outDir = 'build-asan';
// The binding's own tests, and the dispatcher's intruder stress test, where broker, pipe
// limits, listeners and dialers of three transports run at once. Under the sanitizers code runs
// 2 to 5 times slower: the longer stress files (dispatcher.test, dispatcherReset, transport)
// then overrun their own time bounds on 2 cores; name them to run them anyway.
const FILES = ['aio', 'broker', 'context', 'hangup', 'msg', 'pipe', 'signalRule', 'socket', 'tls', 'dispatcherIntruders'];

function runtime(name) {
  const path = execFileSync('gcc', [`-print-file-name=${name}`], { encoding: 'utf8' }).trim();
  if (!path.startsWith('/')) throw new Error(`sanitize: gcc does not know ${name} (install gcc's sanitizer runtimes)`);
  return path;
}

function build() {
  const bin = require.resolve('cmake-js/bin/cmake-js');
  execFileSync(process.execPath, [bin, 'compile', '--out', outDir, '--CDMIRAI_SANITIZE=ON'], { cwd: root, stdio: 'inherit' });
}

function sanitizedEnv() {
  return {
    ...process.env,
    MIRAI_NATIVE_BINDING: join(root, outDir, 'Release', 'mirai.node'),
    LD_PRELOAD: [runtime('libasan.so'), runtime('libubsan.so')].join(':'),
    // V8 and Node keep allocations to the end of the process by design: leaks are measured by
    // the tests' RSS bounds instead, which a quarantine above 32 MB of freed memory would fail.
    // Node handles SIGSEGV itself (WebAssembly bounds checks).
    ASAN_OPTIONS: 'detect_leaks=0:quarantine_size_mb=32:allow_user_segv_handler=1:halt_on_error=1',
    UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
  };
}

function main() {
  build();
  const files = process.argv.length > 2 ? process.argv.slice(2) : FILES;
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'test.js'), ...files], { cwd: root, stdio: 'inherit', env: sanitizedEnv() });
  process.exit(result.status ?? 1);
}

main();
