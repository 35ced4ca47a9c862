// Tiny argument validators: TypeError for the wrong kind, RangeError for the wrong size.

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

export function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${typeName(value)}`);
  return value;
}

export function expectNonEmptyString(value: unknown, what: string): string {
  expectString(value, what);
  if ((value as string).length === 0) throw new TypeError(`${what} must be a non-empty string`);
  return value as string;
}

export function expectBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${what} must be a boolean, got ${typeName(value)}`);
  return value;
}

export function expectFunction<F extends (...args: never[]) => unknown>(value: unknown, what: string): F {
  if (typeof value !== 'function') throw new TypeError(`${what} must be a function, got ${typeName(value)}`);
  return value as F;
}

export function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${what} must be an object, got ${typeName(value)}`);
  }
  return value as Record<string, unknown>;
}

export function expectInteger(value: unknown, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${what} must be a number, got ${typeName(value)}`);
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or greater` : `from ${min} to ${max}`;
    throw new RangeError(`${what} must be an integer ${range}, got ${value}`);
  }
  return value;
}

/** A duration in ms: a non-negative finite number (fractions are rounded up). */
export function expectDuration(value: unknown, what: string): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${what} must be a number of milliseconds, got ${typeName(value)}`);
  }
  if (value < 0 || !Number.isFinite(value) || value > 2147483647) {
    throw new RangeError(`${what} must be between 0 and 2147483647 ms, got ${value}`);
  }
  return Math.ceil(value);
}

export function expectSignal(value: unknown, what: string): AbortSignal {
  if (!(value instanceof AbortSignal)) throw new TypeError(`${what} must be an AbortSignal, got ${typeName(value)}`);
  return value;
}

/** Throws on keys not in `allowed`, suggesting the closest one when it is a likely typo. */
export function expectKnownKeys(object: Record<string, unknown>, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const hint = closest(key, allowed);
    throw new TypeError(`${what} has an unknown option '${key}'${hint ? `: did you mean '${hint}'?` : ''}`);
  }
}

function closest(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
