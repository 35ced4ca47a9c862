// Errors: NNG error numbers as JavaScript errors, and terse argument guards.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <string>

namespace mirai {

// An Error carrying NNG's number (`code`) and nng_strerror's text, named NngError.
inline Napi::Error NngError(Napi::Env env, int rv) {
  Napi::Error error = Napi::Error::New(env, nng_strerror(rv));
  error.Set("code", Napi::Number::New(env, rv));
  error.Set("name", Napi::String::New(env, "NngError"));
  return error;
}

// Throws NngError when an NNG call failed; returns quietly otherwise.
inline void Check(Napi::Env env, int rv) {
  if (rv != 0) throw NngError(env, rv);
}

[[noreturn]] inline void ThrowType(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

[[noreturn]] inline void ThrowRange(Napi::Env env, const std::string& message) {
  throw Napi::RangeError::New(env, message);
}

}  // namespace mirai
