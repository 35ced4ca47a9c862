// Compute profiles: the one place where the state of each profile's daemons lives.
import type { ChildProcess } from 'node:child_process';
import type { NngContext, NngSocket } from './nng';
import type { ControlServer } from './control';
import type { DaemonSettings } from './daemon';

/** A set of daemons that mirai can be sent to, by name ("default" unless `compute` says). */
export interface Profile {
  readonly name: string;
  /** Where daemons dial in for tasks (the bound URL: port 0 resolved). */
  readonly url: string;
  readonly controlUrl: string;
  /** req: one context per mirai; NNG spreads requests over connected daemons in turn. */
  readonly tasks: NngSocket;
  readonly control: ControlServer;
  /** Daemons online now (task connections). */
  connections: number;
  /** Daemons this host launched, so a reset can wait for them to exit. */
  readonly processes: Set<ChildProcess>;
  /** Options every launched daemon gets. */
  readonly daemonSettings: DaemonSettings;
  /** For TLS URLs: the CA certificate (PEM) daemons must trust. */
  readonly ca: string | undefined;
  /** The seed of the random streams, and the next stream to hand out. */
  readonly seed: number | undefined;
  nextStream: number;
  /** Contexts kept for reuse: opening one per mirai costs more than it needs to. */
  readonly contextPool: NngContext[];
  /** Callbacks waiting for the number of connections to change. */
  readonly connectionWaiters: Set<() => void>;
}

const KEY = Symbol.for('mirai.profiles');

/** Shared through globalThis so that every copy of the module (ESM, CJS) sees one state. */
export const profiles: Map<string, Profile> = ((globalThis as unknown as Record<symbol, Map<string, Profile>>)[KEY] ??=
  new Map());

export function getProfile(name: string): Profile | undefined {
  return profiles.get(name);
}
