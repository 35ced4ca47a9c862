// Tasks by module: mirai({ module, name }) calls an exported function of a file (a worker
// pool's worker file), resolved from the host's working directory, loaded once per daemon.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { collectMirai, daemons, everywhere, mirai, MiraiError } from '../src/index';
import { throwsLike, withTimeout } from './helpers';
import { ROOT, startsNothing } from './processes';

const test = suite('tasks by module');
const ESM = './test/fixtures/task-module.mjs';
const CJS = './test/fixtures/task-module.cjs';

test.before(async () => {
  await withTimeout(daemons(1), 30_000, 'daemons(1)');
});

test.after(async () => {
  await withTimeout(daemons(0), 15_000, 'daemons(0)');
});

const value = <T>(m: PromiseLike<T>, label = 'the task') => withTimeout(Promise.resolve(m), 15_000, label);

test('a named export, called with options.args; paths are relative to the host working directory', async () => {
  assert.is(process.cwd(), ROOT);
  assert.equal(await value(mirai({ module: ESM, name: 'resize' }, undefined, { args: [{ w: 2, h: 3 }, 2] })), { w: 4, h: 6 });
  assert.is(await value(mirai({ module: ESM, name: 'scaled' }, { scale: 10 }, { args: [4] })), 40, 'data are globals, as for any task');
});

test('the default export: an ESM default, a CommonJS module.exports; CommonJS named exports', async () => {
  assert.is(await value(mirai({ module: ESM }, undefined, { args: [21] })), 42);
  assert.is(await value(mirai({ module: CJS, name: 'default' }, undefined, { args: [7] })), 49);
  assert.is(await value(mirai({ module: CJS, name: 'cube' }, undefined, { args: [3] })), 27);
  assert.is(await value(mirai({ module: `${ROOT}/test/fixtures/task-module.cjs` }, undefined, { args: [5] })), 25, 'an absolute path');
  assert.is(await value(mirai({ module: 'node:path', name: 'basename' }, undefined, { args: ['/a/b.txt'] })), 'b.txt', "Node's own modules");
});

test('loaded once per daemon, whatever the number of tasks; everywhere() takes a module too', async () => {
  const loads = await withTimeout(collectMirai(Array.from({ length: 6 }, () => mirai({ module: ESM, name: 'loads' }))), 15_000, 'loads');
  assert.equal(loads, [1, 1, 1, 1, 1, 1]);
  await withTimeout(everywhere({ module: ESM, name: 'loads' }), 15_000, 'everywhere');
  assert.is(await value(mirai({ module: ESM, name: 'loads' })), 1);
});

test('an export that is missing or not a function fails in the daemon, as a MiraiError naming it', async () => {
  const missing = await value(mirai({ module: ESM, name: 'nope' }).catch((e: unknown) => e));
  assert.instance(missing, MiraiError);
  assert.is((missing as MiraiError).name, 'TypeError');
  assert.match((missing as Error).message, /task-module\.mjs has no exported function 'nope'$/);
  const notFunction = await value(mirai({ module: ESM, name: 'notAFunction' }).catch((e: unknown) => e));
  assert.match((notFunction as Error).message, /has no exported function 'notAFunction' \(it is number\)$/);
});

test(
  'the module is checked in the host, naming the argument, before anything is sent',
  startsNothing(() => {
    throwsLike(() => mirai({ module: './test/fixtures/missing.mjs' }), TypeError, /^expr\.module was not found: "\.\/test\/fixtures\/missing\.mjs" is .*missing\.mjs from the working directory, which does not exist$/);
    throwsLike(() => mirai({ module: 'no-such-package-here' }), TypeError, /^expr\.module was not found: no package "no-such-package-here" from .* \(a path needs \.\/ or \.\.\/\)$/);
    throwsLike(() => mirai({ module: ESM, name: 3 } as never), TypeError, /^expr\.name must be a string, got number 3$/);
    throwsLike(() => mirai({ module: ESM, nmae: 'resize' } as never), TypeError, /^expr has an unknown option 'nmae': did you mean 'name'\?$/);
    throwsLike(() => mirai({ module: '' }), TypeError, /^expr\.module must be a non-empty string$/);
  }),
);

test.run();
