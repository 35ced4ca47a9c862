// Signals raised on a message's arrival (see signal_rule.h).
#include "signal_rule.h"

#include <signal.h>
#ifndef _WIN32
#include <pthread.h>
#include <unistd.h>
#endif

#include <mutex>
#include <unordered_map>

#include "args.h"
#include "errors.h"

namespace mirai {

namespace {

struct Rule {
  int signal = 0;
  std::vector<uint8_t> pattern;
  std::vector<uint8_t> mask;
  SignalGate gate;
  uint32_t raised = 0;
};

std::mutex rules_lock;
std::unordered_map<uint32_t, Rule> rules;
// Sockets with a rule: a receive on a process without any takes no lock.
std::atomic<int> active{0};

bool Matches(const Rule& rule, nng_msg* msg) {
  size_t n = rule.pattern.size();
  if (nng_msg_len(msg) < n) return false;
  const uint8_t* body = static_cast<const uint8_t*>(nng_msg_body(msg));
  for (size_t i = 0; i < n; i++) {
    if ((body[i] & rule.mask[i]) != rule.pattern[i]) return false;
  }
  return true;
}

int64_t Cell(uint32_t key, GateState state) {
  return static_cast<int64_t>(key) * 8 + static_cast<int64_t>(state);
}

// Raised in this thread, with the signal unblocked here for the call, so that its handler has
// run when this returns (POSIX: raise returns after the handler does).
void RaiseHere(int signal) {
#ifdef _WIN32
  // Node watches for Ctrl-C on Windows with a console handler, which raise() does not reach.
  (void)signal;
#else
  sigset_t only, before;
  sigemptyset(&only);
  sigaddset(&only, signal);
  pthread_sigmask(SIG_UNBLOCK, &only, &before);
  raise(signal);
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
#endif
}

void RaiseToProcess(int signal) {
#ifdef _WIN32
  raise(signal);
#else
  // To the process, not this thread: whichever thread watches for the signal hears it.
  kill(getpid(), signal);
#endif
}

}  // namespace

bool RaiseThroughGate(const SignalGate& gate, int signal) {
  int64_t inside = Cell(gate.key, GateState::Inside);
  if (gate.cell->compare_exchange_strong(inside, Cell(gate.key, GateState::Raising))) {
    RaiseHere(signal);
    gate.cell->store(Cell(gate.key, GateState::Raised));
    return true;
  }
  int64_t outside = Cell(gate.key, GateState::Outside);
  gate.cell->compare_exchange_strong(outside, Cell(gate.key, GateState::Early));
  return false;
}

std::atomic<int64_t>* GateCell(Napi::Env env, Napi::Value value, const char* what) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_bigint64_array) {
    ThrowType(env, std::string(what) + " must be a BigInt64Array");
  }
  auto cells = value.As<Napi::TypedArrayOf<int64_t>>();
  if (cells.ElementLength() < 1) ThrowRange(env, std::string(what) + " must have at least one element");
  static_assert(sizeof(std::atomic<int64_t>) == sizeof(int64_t), "a gate cell is a plain int64");
  return reinterpret_cast<std::atomic<int64_t>*>(cells.Data());
}

void SetSignalRule(uint32_t sock, int signal, std::vector<uint8_t> pattern, std::vector<uint8_t> mask, SignalGate gate) {
  std::lock_guard<std::mutex> hold(rules_lock);
  Rule& rule = rules[sock];
  if ((rule.signal != 0) != (signal != 0)) active.fetch_add(signal != 0 ? 1 : -1);
  rule.signal = signal;
  rule.pattern = std::move(pattern);
  rule.mask = std::move(mask);
  rule.gate = gate;
}

void CheckSignalRule(uint32_t sock, nng_msg* msg) {
  if (active.load(std::memory_order_relaxed) == 0) return;
  int signal = 0;
  {
    std::lock_guard<std::mutex> hold(rules_lock);
    auto found = rules.find(sock);
    if (found == rules.end() || found->second.signal == 0 || !Matches(found->second, msg)) return;
    Rule& rule = found->second;
    // Under the lock: the gate's cell lives as long as the rule that names it.
    if (rule.gate.cell != nullptr) {
      if (RaiseThroughGate(rule.gate, rule.signal)) rule.raised++;
      return;
    }
    signal = rule.signal;
    rule.raised++;
  }
  RaiseToProcess(signal);
}

uint32_t SignalsRaised(uint32_t sock) {
  std::lock_guard<std::mutex> hold(rules_lock);
  auto found = rules.find(sock);
  return found == rules.end() ? 0 : found->second.raised;
}

void ForgetSignalRule(uint32_t sock) {
  std::lock_guard<std::mutex> hold(rules_lock);
  auto found = rules.find(sock);
  if (found == rules.end()) return;
  if (found->second.signal != 0) active.fetch_sub(1);
  rules.erase(found);
}

Napi::Value RaiseThroughGateJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SignalGate gate{GateCell(env, info[0], "gate"), UintArg(info, 1, 0, "key")};
  uint32_t signal = UintArg(info, 2, 0, "signal");
  if (signal == 0 || signal >= 65) ThrowRange(env, "signal must be a signal number from 1 to 64");
  return Napi::Boolean::New(env, RaiseThroughGate(gate, static_cast<int>(signal)));
}

}  // namespace mirai
