// Dialers (nng_dialer): synchronous (wait for the first connection) or background dialing.
#include "dialer.h"

#include <nng/supplemental/tls/tls.h>

#include "args.h"
#include "endpoint.h"
#include "errors.h"
#include "options.h"
#include "socket.h"
#include "tls.h"

namespace mirai {

Napi::Function Dialer::Init(Napi::Env env) {
  return DefineClass(env, "Dialer",
                     {
                         InstanceMethod<&Dialer::Start>("start"),
                         InstanceMethod<&Dialer::SetOpt>("setOption"),
                         InstanceMethod<&Dialer::GetOpt>("getOption"),
                         InstanceMethod<&Dialer::Close>("close"),
                         InstanceAccessor<&Dialer::GetId>("id"),
                         InstanceAccessor<&Dialer::GetUrl>("url"),
                     });
}

Dialer::Dialer(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Dialer>(info) {
  Napi::Env env = info.Env();
  if (!info.IsConstructCall()) ThrowType(env, "Dialer must be called with new");
  Socket* socket = Socket::FromValue(env, info[0], "socket");
  url_ = StringArg(info, 1, "url");
  EndpointOptions options = ReadEndpointOptions(info, 2);
  Check(env, nng_dialer_create(&dialer_, socket->Handle(env), url_.c_str()));
  open_ = true;
  socket_ = Napi::Persistent(info[0].As<Napi::Object>());
  if (options.tls) Check(env, nng_dialer_set_ptr(dialer_, NNG_OPT_TLS_CONFIG, options.tls));
  if (options.start) StartDialing(env, options.block);
}

// Not closed when collected: NNG closes it with its socket, and a script that drops the
// returned object still expects the endpoint to work.
Dialer::~Dialer() = default;

nng_dialer Dialer::Open(Napi::Env env) const {
  if (!open_) throw NngError(env, NNG_ECLOSED);
  return dialer_;
}

// A blocking dial holds this thread until connected or refused, as a synchronous call should;
// a background dial returns at once and keeps retrying at the reconnect interval.
void Dialer::StartDialing(Napi::Env env, bool block) {
  Check(env, nng_dialer_start(Open(env), block ? 0 : NNG_FLAG_NONBLOCK));
}

void Dialer::Start(const Napi::CallbackInfo& info) { StartDialing(info.Env(), BoolArg(info, 0, false)); }

void Dialer::SetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nng_dialer d = Open(env);
  std::string name = StringArg(info, 0, "name");
  if (name == "tls-config") {
    Check(env, nng_dialer_set_ptr(d, NNG_OPT_TLS_CONFIG, TlsConfig::FromValue(env, info[1], "value")));
    return;
  }
  SetOption(env, d, name, info[1]);
}

Napi::Value Dialer::GetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return GetOption(env, Open(env), StringArg(info, 0, "name"));
}

void Dialer::Close(const Napi::CallbackInfo&) {
  if (!open_) return;
  open_ = false;
  nng_dialer_close(dialer_);
  socket_.Reset();
}

Napi::Value Dialer::GetId(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), nng_dialer_id(dialer_));
}

Napi::Value Dialer::GetUrl(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), url_); }

}  // namespace mirai
