// The compute profiles: the one place where the state of each profile's daemons lives.
import type { Profile } from './profile';

const KEY = Symbol.for('mirai.profiles');

/** Shared through globalThis so that every copy of the module (ESM, CJS) sees one state. */
export const profiles: Map<string, Profile> = ((globalThis as unknown as Record<symbol, Map<string, Profile>>)[KEY] ??=
  new Map());

export function getProfile(name: string): Profile | undefined {
  return profiles.get(name);
}
