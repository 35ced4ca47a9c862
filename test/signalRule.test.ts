// Signals raised by the addon: on a message's arrival (a socket's rule), and through a gate
// shared with JavaScript, raised only for its key while Inside and handled before Raised.
import { constants } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { native } from '../src/native';
import { Gate, SignalGate } from '../src/signalGate';
import { throwsLike, uniqueUrl, withTimeout } from './helpers';
import { connect, withSockets } from './sockets';

const SIGUSR2 = constants.signals.SIGUSR2;
const cell = (key: number, state: number) => BigInt(key) * 8n + BigInt(state);

/** Counts SIGUSR2 heard by this process while `body` runs. */
async function countingSignals<T>(body: (heard: () => number) => Promise<T>): Promise<T> {
  let heard = 0;
  const listener = () => heard++;
  process.on('SIGUSR2', listener);
  try {
    return await body(() => heard);
  } finally {
    process.off('SIGUSR2', listener);
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

test('raiseThroughGate: for its key Inside, raised (Raised); Outside, marked Early; another key or state, nothing', () =>
  countingSignals(async (heard) => {
    const gate = new SignalGate();
    gate.reset(7);
    assert.is(native.raiseThroughGate(gate.cells, 7, SIGUSR2), false);
    assert.is(gate.cells[0], cell(7, Gate.Early));
    assert.not.ok(gate.enter(7), 'a cancellation that came first keeps the code from starting');
    assert.ok(gate.cancelled(7));

    gate.reset(8);
    assert.ok(gate.enter(8));
    assert.is(native.raiseThroughGate(gate.cells, 9, SIGUSR2), false, 'another key');
    assert.is(gate.cells[0], cell(8, Gate.Inside));
    assert.is(native.raiseThroughGate(gate.cells, 8, SIGUSR2), true);
    assert.is(gate.cells[0], cell(8, Gate.Raised));
    assert.is(native.raiseThroughGate(gate.cells, 8, SIGUSR2), false, 'once per key');
    gate.leave(8);
    assert.ok(gate.cancelled(8));
    await withTimeout((async () => { while (heard() < 1) await settle(); })(), 5000, 'the signal heard');
    await settle();
    assert.is(heard(), 1);

    gate.reset(10);
    assert.ok(gate.enter(10));
    gate.leave(10);
    assert.is(gate.cells[0], cell(10, Gate.Outside));
    assert.not.ok(gate.cancelled(10));
  }));

test('raiseThroughGate checks its arguments', () => {
  const gate = new SignalGate();
  throwsLike(() => native.raiseThroughGate(new Int32Array(2) as never, 1, SIGUSR2), TypeError, /gate must be a BigInt64Array/);
  throwsLike(() => native.raiseThroughGate(new BigInt64Array(0), 1, SIGUSR2), RangeError, /gate must have at least one element/);
  throwsLike(() => native.raiseThroughGate(gate.cells, -1, SIGUSR2), RangeError, /key must be an integer from 0 to 2\^32-1/);
  throwsLike(() => native.raiseThroughGate(gate.cells, 1, 0), RangeError, /signal must be a signal number from 1 to 64/);
});

test('signalOnMessage through a gate: a matching message raises the signal only while Inside; others nothing', () =>
  countingSignals((heard) =>
    withSockets({ pull: 'pull', push: 'push' }, async ({ pull, push }) => {
      connect(pull, push, uniqueUrl('inproc'));
      const gate = new SignalGate();
      gate.reset(3);
      const pattern = Buffer.from('C\0\0\x03');
      const mask = Buffer.from([0xff, 0, 0, 0xff]);
      pull.native.signalOnMessage(SIGUSR2, pattern, mask, gate.cells, 3);
      const carry = async (body: Buffer) => {
        const got = withTimeout(pull.recv(), 5000, 'recv');
        await push.send(body);
        return got;
      };
      await carry(Buffer.from('C..\x03 before the code began'));
      assert.is(gate.cells[0], cell(3, Gate.Early), 'a match Outside is noted, not raised');
      gate.reset(3);
      assert.ok(gate.enter(3));
      await carry(Buffer.from('D..\x03 another kind'));
      await carry(Buffer.from('C..\x04 another task'));
      assert.is(gate.cells[0], cell(3, Gate.Inside), 'no match, no change');
      await carry(Buffer.from('C..\x03 this one'));
      assert.is(gate.cells[0], cell(3, Gate.Raised), 'raised as the message arrived');
      gate.leave(3);
      assert.is(pull.native.signalsRaised, 1);
      await withTimeout((async () => { while (heard() < 1) await settle(); })(), 5000, 'the signal heard');
      pull.native.signalOnMessage(0);
      gate.reset(3);
      assert.ok(gate.enter(3));
      await carry(Buffer.from('C..\x03 after the rule went'));
      assert.is(gate.cells[0], cell(3, Gate.Inside), 'no rule, no signal');
      gate.leave(3);
      assert.is(heard(), 1);
    }),
  ));

test('signalOnMessage checks its arguments', () =>
  withSockets({ pull: 'pull' }, ({ pull }) => {
    throwsLike(() => pull.native.signalOnMessage(65), RangeError, /signal must be a signal number below 65/);
    throwsLike(() => pull.native.signalOnMessage(SIGUSR2, 'x' as never, Buffer.alloc(1)), TypeError, /pattern and mask must be Buffers/);
    throwsLike(() => pull.native.signalOnMessage(SIGUSR2, Buffer.alloc(2), Buffer.alloc(1)), RangeError, /same length, at most 64 bytes/);
    throwsLike(() => pull.native.signalOnMessage(SIGUSR2, Buffer.alloc(1), Buffer.alloc(1), new Int32Array(1) as never, 1), TypeError, /gate must be a BigInt64Array/);
  }));

test.run();
