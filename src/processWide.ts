// One copy of a module's state per process: the package loads as ESM and as CommonJS, and
// both copies must see the same profiles, task ids and registrations.

/** The value kept on globalThis under `Symbol.for(key)`, made by `make` the first time. */
export function processWide<T>(key: string, make: () => T): T {
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  return (holder[Symbol.for(key)] ??= make());
}
