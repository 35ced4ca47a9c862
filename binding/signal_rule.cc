// Signals raised on a message's arrival (see signal_rule.h).
#include "signal_rule.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <unordered_map>

namespace mirai {

namespace {

struct Rule {
  int signal = 0;
  std::vector<uint8_t> pattern;
  std::vector<uint8_t> mask;
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

}  // namespace

void SetSignalRule(uint32_t sock, int signal, std::vector<uint8_t> pattern, std::vector<uint8_t> mask) {
  std::lock_guard<std::mutex> hold(rules_lock);
  Rule& rule = rules[sock];
  if ((rule.signal != 0) != (signal != 0)) active.fetch_add(signal != 0 ? 1 : -1);
  rule.signal = signal;
  rule.pattern = std::move(pattern);
  rule.mask = std::move(mask);
}

void CheckSignalRule(uint32_t sock, nng_msg* msg) {
  if (active.load(std::memory_order_relaxed) == 0) return;
  int signal = 0;
  {
    std::lock_guard<std::mutex> hold(rules_lock);
    auto found = rules.find(sock);
    if (found == rules.end() || found->second.signal == 0 || !Matches(found->second, msg)) return;
    signal = found->second.signal;
    found->second.raised++;
  }
  // To the process, not this thread: whichever thread watches for the signal hears it.
  kill(getpid(), signal);
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

}  // namespace mirai
