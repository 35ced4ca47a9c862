// Listeners (nng_listener): bind a URL, optionally with TLS; port 0 becomes the real port.
#include "listener.h"

#include <nng/supplemental/tls/tls.h>

#include "args.h"
#include "endpoint.h"
#include "errors.h"
#include "options.h"
#include "socket.h"
#include "tls.h"

namespace mirai {

Napi::Function Listener::Init(Napi::Env env) {
  return DefineClass(env, "Listener",
                     {
                         InstanceMethod<&Listener::Start>("start"),
                         InstanceMethod<&Listener::SetOpt>("setOption"),
                         InstanceMethod<&Listener::GetOpt>("getOption"),
                         InstanceMethod<&Listener::Close>("close"),
                         InstanceAccessor<&Listener::GetId>("id"),
                         InstanceAccessor<&Listener::GetUrl>("url"),
                     });
}

Listener::Listener(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Listener>(info) {
  Napi::Env env = info.Env();
  if (!info.IsConstructCall()) ThrowType(env, "Listener must be called with new");
  Socket* socket = Socket::FromValue(env, info[0], "socket");
  url_ = StringArg(info, 1, "url");
  EndpointOptions options = ReadEndpointOptions(info, 2);
  Check(env, nng_listener_create(&listener_, socket->Handle(env), url_.c_str()));
  open_ = true;
  socket_ = Napi::Persistent(info[0].As<Napi::Object>());
  if (options.tls) Check(env, nng_listener_set_ptr(listener_, NNG_OPT_TLS_CONFIG, options.tls));
  if (options.start) StartListening(env);
}

// Not closed when collected: NNG closes it with its socket, and a script that drops the
// returned object still expects the endpoint to work.
Listener::~Listener() = default;

nng_listener Listener::Open(Napi::Env env) const {
  if (!open_) throw NngError(env, NNG_ECLOSED);
  return listener_;
}

void Listener::StartListening(Napi::Env env) {
  Check(env, nng_listener_start(Open(env), 0));
  int port = 0;
  if (nng_listener_get_int(listener_, NNG_OPT_TCP_BOUND_PORT, &port) == 0) url_ = WithBoundPort(url_, port);
}

void Listener::Start(const Napi::CallbackInfo& info) { StartListening(info.Env()); }

void Listener::SetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nng_listener l = Open(env);
  std::string name = StringArg(info, 0, "name");
  if (name == "tls-config") {
    Check(env, nng_listener_set_ptr(l, NNG_OPT_TLS_CONFIG, TlsConfig::FromValue(env, info[1], "value")));
    return;
  }
  SetOption(env, l, name, info[1]);
}

Napi::Value Listener::GetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return GetOption(env, Open(env), StringArg(info, 0, "name"));
}

void Listener::Close(const Napi::CallbackInfo&) {
  if (!open_) return;
  open_ = false;
  nng_listener_close(listener_);
  socket_.Reset();
}

Napi::Value Listener::GetId(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), nng_listener_id(listener_));
}

Napi::Value Listener::GetUrl(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), url_); }

}  // namespace mirai
