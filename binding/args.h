// Argument readers shared by the wrapped classes: terse type guards, no policy.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <cmath>
#include <string>

#include "errors.h"

namespace mirai {

inline bool IsMissing(const Napi::Value& value) {
  return value.IsUndefined() || value.IsNull();
}

inline std::string StringArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (!info[i].IsString()) ThrowType(info.Env(), std::string(what) + " must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

// A timeout in ms: missing means NNG's default (-2), -1 means forever.
inline nng_duration TimeoutArg(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || IsMissing(info[i])) return NNG_DURATION_DEFAULT;
  if (!info[i].IsNumber()) ThrowType(info.Env(), "timeout must be a number of milliseconds");
  double ms = info[i].As<Napi::Number>().DoubleValue();
  if (std::isnan(ms) || ms < -2 || ms > 2147483647.0) {
    ThrowRange(info.Env(), "timeout must be -2, -1 or between 0 and 2147483647 ms");
  }
  return static_cast<nng_duration>(ms);
}

inline bool BoolArg(const Napi::CallbackInfo& info, size_t i, bool fallback) {
  if (info.Length() <= i || IsMissing(info[i])) return fallback;
  return info[i].ToBoolean().Value();
}

inline uint32_t UintArg(const Napi::CallbackInfo& info, size_t i, uint32_t fallback, const char* what) {
  if (info.Length() <= i || IsMissing(info[i])) return fallback;
  if (!info[i].IsNumber()) ThrowType(info.Env(), std::string(what) + " must be a number");
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (!(v >= 0 && v <= 4294967295.0) || std::floor(v) != v) {
    ThrowRange(info.Env(), std::string(what) + " must be an integer from 0 to 2^32-1");
  }
  return static_cast<uint32_t>(v);
}

}  // namespace mirai
