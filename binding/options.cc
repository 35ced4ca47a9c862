// Options: one table of NNG's option names and types, applied to every kind of handle.
#include "options.h"

#include <cmath>
#include <cstring>
#include <string>

#include "errors.h"

namespace mirai {

namespace {

enum class Kind { Ms, Size, Int, Bool, String, Bytes };

struct OptionInfo {
  const char* name;
  Kind kind;
  bool readable;
  bool writable;
};

// The options this library needs, and the others where cheap. Read-only and write-only ones
// say so, so that a wrong use fails with a clear message rather than NNG's "not supported".
constexpr OptionInfo kOptions[] = {
    {"recv-size-max", Kind::Size, true, true},
    {"recv-buffer", Kind::Int, true, true},
    {"send-buffer", Kind::Int, true, true},
    {"recv-timeout", Kind::Ms, true, true},
    {"send-timeout", Kind::Ms, true, true},
    {"reconnect-time-min", Kind::Ms, true, true},
    {"reconnect-time-max", Kind::Ms, true, true},
    {"req:resend-time", Kind::Ms, true, true},
    {"surveyor:survey-time", Kind::Ms, true, true},
    {"pair1:polyamorous", Kind::Bool, true, false},
    {"tcp-nodelay", Kind::Bool, true, true},
    {"tcp-keepalive", Kind::Bool, true, true},
    {"tcp-keepalive-idle", Kind::Ms, true, true},
    {"tcp-keepalive-interval", Kind::Ms, true, true},
    {"tcp-keepalive-count", Kind::Int, true, true},
    {"tcp-user-timeout", Kind::Ms, true, true},
    {"ttl-max", Kind::Int, true, true},
    {"socket-name", Kind::String, true, true},
    {"ipc:permissions", Kind::Int, false, true},
    {"ws:protocol", Kind::String, true, true},
    {"ws:request-headers", Kind::String, true, true},
    {"ws:response-headers", Kind::String, true, true},
    {"tls-server-name", Kind::String, false, true},
    {"tls-verified", Kind::Bool, true, false},
    {"sub:subscribe", Kind::Bytes, false, true},
    {"sub:unsubscribe", Kind::Bytes, false, true},
    {"url", Kind::String, true, false},
    {"protocol-name", Kind::String, true, false},
    {"peer-name", Kind::String, true, false},
    {"raw", Kind::Bool, true, false},
    {"tcp-bound-port", Kind::Int, true, false},
};

const OptionInfo& Lookup(Napi::Env env, const std::string& name) {
  for (const OptionInfo& info : kOptions) {
    if (name == info.name) return info;
  }
  ThrowType(env, "unknown option '" + name + "'");
}

// NNG spells each setter and getter once per handle kind; these traits pick the right one.
template <typename H> struct Api;

#define MIRAI_OPTION_API(H, prefix)                                                              \
  template <> struct Api<H> {                                                                    \
    static int SetMs(H h, const char* n, nng_duration v) { return prefix##_set_ms(h, n, v); }    \
    static int SetSize(H h, const char* n, size_t v) { return prefix##_set_size(h, n, v); }      \
    static int SetInt(H h, const char* n, int v) { return prefix##_set_int(h, n, v); }           \
    static int SetBool(H h, const char* n, bool v) { return prefix##_set_bool(h, n, v); }        \
    static int SetString(H h, const char* n, const char* v) { return prefix##_set_string(h, n, v); } \
    static int SetBytes(H h, const char* n, const void* v, size_t s) { return prefix##_set(h, n, v, s); } \
    static int GetMs(H h, const char* n, nng_duration* v) { return prefix##_get_ms(h, n, v); }   \
    static int GetSize(H h, const char* n, size_t* v) { return prefix##_get_size(h, n, v); }     \
    static int GetInt(H h, const char* n, int* v) { return prefix##_get_int(h, n, v); }          \
    static int GetBool(H h, const char* n, bool* v) { return prefix##_get_bool(h, n, v); }       \
    static int GetString(H h, const char* n, char** v) { return prefix##_get_string(h, n, v); }  \
  };

MIRAI_OPTION_API(nng_socket, nng_socket)
MIRAI_OPTION_API(nng_ctx, nng_ctx)
MIRAI_OPTION_API(nng_dialer, nng_dialer)
MIRAI_OPTION_API(nng_listener, nng_listener)
#undef MIRAI_OPTION_API

double NumberValue(Napi::Env env, const OptionInfo& info, Napi::Value value, double min, double max) {
  if (!value.IsNumber()) ThrowType(env, std::string("option '") + info.name + "' must be a number");
  double v = value.As<Napi::Number>().DoubleValue();
  if (std::isnan(v) || std::floor(v) != v || v < min || v > max) {
    ThrowRange(env, std::string("option '") + info.name + "' must be an integer from " +
                        std::to_string(static_cast<long long>(min)) + " to " +
                        std::to_string(static_cast<long long>(max)));
  }
  return v;
}

// One value through NNG's getter for its type; NNG's error is thrown.
template <typename H, typename V>
V Read(Napi::Env env, int (*get)(H, const char*, V*), H handle, const char* name) {
  V value;
  Check(env, get(handle, name, &value));
  return value;
}

template <typename H>
Napi::Value Get(Napi::Env env, H handle, const std::string& name) {
  const OptionInfo& info = Lookup(env, name);
  if (!info.readable) ThrowType(env, "option '" + name + "' is write-only");
  const char* n = info.name;
  switch (info.kind) {
    case Kind::Ms:
      return Napi::Number::New(env, Read(env, Api<H>::GetMs, handle, n));
    case Kind::Size:
      return Napi::Number::New(env, static_cast<double>(Read(env, Api<H>::GetSize, handle, n)));
    case Kind::Int:
      return Napi::Number::New(env, Read(env, Api<H>::GetInt, handle, n));
    case Kind::Bool:
      return Napi::Boolean::New(env, Read(env, Api<H>::GetBool, handle, n));
    case Kind::String: {
      char* v = Read(env, Api<H>::GetString, handle, n);
      Napi::String s = Napi::String::New(env, v);
      nng_strfree(v);
      return s;
    }
    case Kind::Bytes:
      break;
  }
  ThrowType(env, "option '" + name + "' cannot be read");
}

template <typename H>
void Set(Napi::Env env, H handle, const std::string& name, Napi::Value value) {
  const OptionInfo& info = Lookup(env, name);
  if (!info.writable) ThrowType(env, "option '" + name + "' is read-only");
  const char* n = info.name;
  switch (info.kind) {
    case Kind::Ms:
      Check(env, Api<H>::SetMs(handle, n, static_cast<nng_duration>(NumberValue(env, info, value, -2, 2147483647))));
      return;
    case Kind::Size:
      Check(env, Api<H>::SetSize(handle, n, static_cast<size_t>(NumberValue(env, info, value, 0, 9007199254740991.0))));
      return;
    case Kind::Int:
      Check(env, Api<H>::SetInt(handle, n, static_cast<int>(NumberValue(env, info, value, -2147483648.0, 2147483647))));
      return;
    case Kind::Bool:
      if (!value.IsBoolean()) ThrowType(env, "option '" + name + "' must be a boolean");
      Check(env, Api<H>::SetBool(handle, n, value.As<Napi::Boolean>().Value()));
      return;
    case Kind::String:
      if (!value.IsString()) ThrowType(env, "option '" + name + "' must be a string");
      Check(env, Api<H>::SetString(handle, n, value.As<Napi::String>().Utf8Value().c_str()));
      return;
    case Kind::Bytes:
      if (value.IsString()) {
        std::string s = value.As<Napi::String>().Utf8Value();
        Check(env, Api<H>::SetBytes(handle, n, s.data(), s.size()));
      } else if (value.IsTypedArray()) {
        Napi::TypedArray t = value.As<Napi::TypedArray>();
        const uint8_t* data = static_cast<const uint8_t*>(t.ArrayBuffer().Data()) + t.ByteOffset();
        Check(env, Api<H>::SetBytes(handle, n, data, t.ByteLength()));
      } else {
        ThrowType(env, "option '" + name + "' must be a string or a Uint8Array");
      }
      return;
  }
}

}  // namespace

Napi::Value GetOption(Napi::Env env, nng_socket h, const std::string& name) { return Get(env, h, name); }
Napi::Value GetOption(Napi::Env env, nng_ctx h, const std::string& name) { return Get(env, h, name); }
Napi::Value GetOption(Napi::Env env, nng_dialer h, const std::string& name) { return Get(env, h, name); }
Napi::Value GetOption(Napi::Env env, nng_listener h, const std::string& name) { return Get(env, h, name); }

void SetOption(Napi::Env env, nng_socket h, const std::string& name, Napi::Value v) { Set(env, h, name, v); }
void SetOption(Napi::Env env, nng_ctx h, const std::string& name, Napi::Value v) { Set(env, h, name, v); }
void SetOption(Napi::Env env, nng_dialer h, const std::string& name, Napi::Value v) { Set(env, h, name, v); }
void SetOption(Napi::Env env, nng_listener h, const std::string& name, Napi::Value v) { Set(env, h, name, v); }

}  // namespace mirai
