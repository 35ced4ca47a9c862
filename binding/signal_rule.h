// Signals raised on a message's arrival: a socket may ask for a signal to be raised in this
// process, on the NNG thread that completes a receive, when the message's first bytes match a
// pattern. It reaches a process whose JavaScript thread is busy (a signal is seen by code that
// watches for one, such as a script run with vm's breakOnSigint) before that thread is free.
#pragma once

#include <nng/nng.h>

#include <cstdint>
#include <vector>

namespace mirai {

// Sets socket `sock`'s rule: raise `signal` when a received message's first pattern.size()
// bytes, masked by `mask` (as long as `pattern`), equal `pattern`. Signal 0 removes the rule.
void SetSignalRule(uint32_t sock, int signal, std::vector<uint8_t> pattern, std::vector<uint8_t> mask);
// Raises the signal of `sock`'s rule if `msg` matches it (NNG thread).
void CheckSignalRule(uint32_t sock, nng_msg* msg);
// Signals the rules of `sock` have raised since it was opened.
uint32_t SignalsRaised(uint32_t sock);
// The socket is closed: its rule and count go.
void ForgetSignalRule(uint32_t sock);

}  // namespace mirai
