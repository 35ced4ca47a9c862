// Tasks by module: `{ module, name }` names an exported function of a file, as a worker pool's
// worker file; the daemon imports the file (once: import() caches it) and calls the export.
import { existsSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expectKnownKeys, expectNonEmptyString, expectObject } from './validate';

/** A task given by module: the export `name` (default `"default"`) of `module`. */
export interface ModuleTask {
  /** A path (relative to the host's working directory) or a package name resolved from it. */
  module: string;
  /** The exported function to call (default `"default"`: the default export, or a CommonJS
   * module's `module.exports` when it is a function). */
  name?: string;
}

export function isModuleTask(expr: unknown): boolean {
  return typeof expr === 'object' && expr !== null && !Array.isArray(expr);
}

/** The source of a function that imports the module and calls the export with its arguments;
 * the module is resolved here, in the host, so that a mistake is reported before sending. */
export function moduleTaskSource(expr: unknown, what: string): string {
  const spec = expectObject(expr, what) as unknown as ModuleTask;
  expectKnownKeys(spec as unknown as Record<string, unknown>, ['module', 'name'], what);
  const url = resolveModule(expectNonEmptyString(spec.module, `${what}.module`), `${what}.module`);
  const name = spec.name === undefined ? 'default' : expectNonEmptyString(spec.name, `${what}.name`);
  return `async function (...args) {
  const loaded = await import(${JSON.stringify(url)});
  const name = ${JSON.stringify(name)};
  const exported = name === 'default' ? loaded.default : name in loaded ? loaded[name] : loaded.default?.[name];
  if (typeof exported !== 'function') {
    throw new TypeError(${JSON.stringify(`${url} has no exported function '${name}'`)} + (exported === undefined ? '' : ' (it is ' + typeof exported + ')'));
  }
  return exported(...args);
}`;
}

/** A file URL: relative paths from the host's working directory, package names from its
 * node_modules (the path daemons on this machine share with it); Node's own modules as named. */
function resolveModule(module: string, what: string): string {
  const relative = module.startsWith('./') || module.startsWith('../') || module === '.' || module === '..';
  if (relative || isAbsolute(module)) {
    const file = resolve(module);
    if (!existsSync(file)) throw new TypeError(`${what} was not found: ${JSON.stringify(module)} is ${file} from the working directory, which does not exist`);
    return pathToFileURL(file).href;
  }
  if (isBuiltin(module)) return module;
  try {
    return pathToFileURL(createRequire(join(process.cwd(), '[mirai-host]')).resolve(module)).href;
  } catch {
    throw new TypeError(`${what} was not found: no package ${JSON.stringify(module)} from ${process.cwd()} (a path needs ./ or ../)`);
  }
}
