// The compute profiles: the one place where the state of each profile's daemons lives.
import type { Profile } from './profile';
import { processWide } from './processWide';

/** One state for every copy of the module (ESM, CJS). */
export const profiles = processWide('mirai.profiles', () => new Map<string, Profile>());

export function getProfile(name: string): Profile | undefined {
  return profiles.get(name);
}
