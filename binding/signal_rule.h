// Signals raised on a message's arrival: a socket may ask for a signal to be raised in this
// process, on the NNG thread that completes a receive, when the message's first bytes match a
// pattern. It reaches a process whose JavaScript thread is busy (a signal is seen by code that
// watches for one, such as a script run with vm's breakOnSigint) before that thread is free.
//
// A signal can be gated: one cell shared with JavaScript (a BigInt64Array) holds a key and a
// state, key * 8 + state. JavaScript marks the code that watches for the signal (Inside) and
// its end; the signal is raised only for the key in the cell, and only while Inside, in the
// raising thread so that its handler has run when the state becomes Raised. Code that waits
// at its end for Raising to pass is thus never left with the signal still on its way, when
// the process may have stopped watching for it (the default action of SIGINT ends a process).
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <atomic>
#include <cstdint>
#include <vector>

namespace mirai {

enum class GateState : int64_t { Outside = 0, Inside = 1, Raising = 2, Raised = 3, Early = 4 };

struct SignalGate {
  std::atomic<int64_t>* cell = nullptr;
  uint32_t key = 0;
};

// Through `gate`: Inside → Raising, the signal raised here (its handler run), → Raised: true.
// Outside → Early (the signal was asked for before the watching code began): false. Another
// key, or another state: nothing, false.
bool RaiseThroughGate(const SignalGate& gate, int signal);

// The cell of a gate: element 0 of a BigInt64Array over a SharedArrayBuffer, or a TypeError
// naming `what`.
std::atomic<int64_t>* GateCell(Napi::Env env, Napi::Value value, const char* what);

// Sets socket `sock`'s rule: raise `signal` when a received message's first pattern.size()
// bytes, masked by `mask` (as long as `pattern`), equal `pattern`; through `gate` if it has a
// cell, else to the process. Signal 0 removes the rule.
void SetSignalRule(uint32_t sock, int signal, std::vector<uint8_t> pattern, std::vector<uint8_t> mask, SignalGate gate);
// Raises the signal of `sock`'s rule if `msg` matches it (NNG thread).
void CheckSignalRule(uint32_t sock, nng_msg* msg);
// Signals the rules of `sock` have raised since it was opened.
uint32_t SignalsRaised(uint32_t sock);
// The socket is closed: its rule and count go.
void ForgetSignalRule(uint32_t sock);

// raiseThroughGate(gate, key, signal): RaiseThroughGate from JavaScript (any thread).
Napi::Value RaiseThroughGateJs(const Napi::CallbackInfo& info);

}  // namespace mirai
