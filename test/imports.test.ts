// The shape of src/: data flows one way (user → mirai → profile → daemon → back), so no module
// imports one above it, and there is no import cycle, type-only imports included.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const SRC = join(__dirname, '..', 'src');

/** Each module's layer, from the bottom: a module imports only from its own layer or below. */
const LAYERS: Record<string, number> = {
  validate: 0, errors: 0, url: 0, native: 0, random: 0, pem: 0, remoteConfig: 0, childExit: 0, processWide: 0, messageSize: 0, signalGate: 0, recentIds: 0,
  tls: 1, nng: 1, broker: 1, tlsDiagnosis: 1, respawn: 1,
  serialization: 2, spareStorage: 2, linkTimeout: 2, protocol: 2, serial: 2, batch: 2, moduleTask: 2, plainSerializer: 2, plainDeserializer: 2, plainFormat: 2,
  daemonOptions: 3, emit: 3, taskSignal: 3, taskEvents: 3, metrics: 3, evaluate: 3, miraiObject: 3, reply: 3, task: 3, control: 3,
  daemonProcess: 4, cancelInterrupt: 4, cancelWatch: 4, cancelWatchWorker: 4, daemon: 4, dispatcher: 4, dispatcherWorker: 4, profile: 4, directProfile: 4, dispatcherProfile: 4, ephemeral: 4, syncProfile: 4, queueGate: 4,
  profiles: 5, launchers: 5, launchRemote: 5, progress: 5,
  mirai: 6, collect: 6, daemons: 6, everywhere: 6, status: 6, saisei: 6, cli: 6, info: 6, next: 6, race: 6, chunk: 6,
  miraiMap: 7, cluster: 7,
  index: 8,
};

function importsOf(module: string): string[] {
  const text = readFileSync(join(SRC, `${module}.ts`), 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'\.\/([\w.-]+)'/g)) found.add(m[1]);
  return [...found];
}

const modules = readdirSync(SRC)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));

test('every module of src/ has a place in the flow', () => {
  const unplaced = modules.filter((m) => LAYERS[m] === undefined);
  assert.equal(unplaced, [], 'add each new module to LAYERS in test/imports.test.ts');
});

test('no module imports one above it', () => {
  const upward: string[] = [];
  for (const module of modules) {
    for (const target of importsOf(module)) {
      if (LAYERS[target] > LAYERS[module]) upward.push(`${module} (${LAYERS[module]}) imports ${target} (${LAYERS[target]})`);
    }
  }
  assert.equal(upward, []);
});

test('no import cycle, type-only imports included', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (module: string) => {
    state.set(module, 'visiting');
    path.push(module);
    for (const target of importsOf(module)) {
      if (state.get(target) === 'visiting') cycles.push([...path.slice(path.indexOf(target)), target].join(' > '));
      else if (!state.has(target)) visit(target);
    }
    path.pop();
    state.set(module, 'done');
  };
  for (const module of modules) if (!state.has(module)) visit(module);
  assert.equal(cycles, []);
});

test('the check sees type-only imports and would see a cycle', () => {
  assert.ok(importsOf('profile').includes('miraiObject'), 'profile.ts imports the Mirai type');
  assert.ok(importsOf('index').includes('mirai'));
});

test.run();
