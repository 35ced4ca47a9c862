// Messages: nng_msg bodies lent to JavaScript as Buffers, and JavaScript data made into nng_msg.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <vector>

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

// reuseMessageStorage(bytes): keeps up to `bytes` of freed message storage (messages of 1 MiB
// and more) for the next messages, process-wide; 0 keeps none.
Napi::Value ReuseMessageStorage(const Napi::CallbackInfo& info);

// A new message holding `data` (bytes, a string, or an array of those, gathered). With
// `transfer`, a Buffer lent by BufferFromMsg gives back its message without a copy and is
// detached.
nng_msg* MsgFromValue(Napi::Env env, Core& core, Napi::Value data, bool transfer);

// The parts of `data` (bytes, a string, or an array of those, as MsgFromValue takes it), each
// read once, so that measuring and copying them runs no JavaScript (an array's getters could).
// Throws a TypeError naming a part of the wrong type.
std::vector<Napi::Value> PartsOf(Napi::Env env, Napi::Value data);

// The bytes the parts gather to.
size_t PackedLength(Napi::Env env, const std::vector<Napi::Value>& parts);

// A new message holding the parts, gathered.
nng_msg* MsgFromParts(Napi::Env env, const std::vector<Napi::Value>& parts);

// Gathers the parts into `dest`, which has room for their length and a NUL (a string's copy
// ends with one); the number of bytes that count.
size_t PackInto(Napi::Env env, const std::vector<Napi::Value>& parts, uint8_t* dest, size_t room);

}  // namespace mirai
