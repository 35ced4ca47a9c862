// Wrapped handles: what every class the addon hands to JavaScript shares.
#pragma once

#include <napi.h>

#include <string>

#include "errors.h"

namespace mirai {

// The two signatures of what a wrapped class gives JavaScript, so that a class declares its
// methods by name, a line per signature (a function type declares; each is defined in full).
using JsMethod = Napi::Value(const Napi::CallbackInfo& info);
using JsAction = void(const Napi::CallbackInfo& info);

// An ObjectWrap that cannot be copied: each stands for one native handle, which a copy would
// close twice.
template <typename T>
class Wrapped : public Napi::ObjectWrap<T> {
 public:
  explicit Wrapped(const Napi::CallbackInfo& info) : Napi::ObjectWrap<T>(info) {}
  Wrapped(const Wrapped&) = delete;
  Wrapped& operator=(const Wrapped&) = delete;
};

// The T behind `value` if `cls` made it, else a TypeError "<what> must be <expected>" (the
// message is only built when it is thrown).
template <typename T>
T* UnwrapAs(Napi::Env env, Napi::Value value, const Napi::FunctionReference& cls, const char* what,
            const char* expected) {
  if (!value.IsObject() || !value.As<Napi::Object>().InstanceOf(cls.Value())) {
    ThrowType(env, std::string(what) + " must be " + expected);
  }
  return Napi::ObjectWrap<T>::Unwrap(value.As<Napi::Object>());
}

}  // namespace mirai
