// Messages: nng_msg bodies lent to JavaScript as Buffers, and JavaScript data made into nng_msg.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include "core.h"

namespace mirai {

// What a lent Buffer's finalizer frees. `msg` is null once the message was sent back.
struct MsgHold {
  nng_msg* msg;
  size_t len;
  Core* core;
};

// A Buffer over the body of `msg`, which it takes: no copy above a small size.
Napi::Value BufferFromMsg(Napi::Env env, Core& core, nng_msg* msg);

// A new message holding `data` (bytes, a string, or an array of those, gathered). With
// `transfer`, a Buffer lent by BufferFromMsg gives back its message without a copy and is
// detached.
nng_msg* MsgFromValue(Napi::Env env, Core& core, Napi::Value data, bool transfer);

}  // namespace mirai
