// The native broker, as the dispatcher profile and the dispatcher open and join it: a FIFO
// queue of tasks handed to free daemons without JavaScript on the hot path (binding/broker.cc).
import { native, type Broker } from './native';
import { expectBoolean, expectInteger } from './validate';

export type { Broker } from './native';

/** A new broker (see Broker in native.ts); `keep` holds each request in flight for resending. */
export function openBroker(keep: boolean): Broker {
  return new native.Broker(expectBoolean(keep, 'keep'));
}

/** The broker `id`, made on another thread of this process. */
export function joinBroker(id: number): Broker {
  return new native.Broker(expectInteger(id, 'id', 1, 0xffffffff));
}
