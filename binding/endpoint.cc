// Endpoints: what dialers and listeners share, from creation options to close.
#include "endpoint.h"

#include "args.h"
#include "errors.h"
#include "options.h"
#include "socket.h"
#include "tls.h"

namespace mirai {

namespace {

struct EndpointOptions {
  nng_tls_config* tls = nullptr;
  bool start = true;
  bool block = false;
};

// Reads `{ tls?, start?, block? }` at argument `i`; TypeErrors name the key.
EndpointOptions ReadEndpointOptions(const Napi::CallbackInfo& info, size_t i) {
  Napi::Env env = info.Env();
  EndpointOptions options;
  if (info.Length() <= i || IsMissing(info[i])) return options;
  if (!info[i].IsObject()) ThrowType(env, "options must be an object");
  Napi::Object object = info[i].As<Napi::Object>();
  Napi::Value tls = object.Get("tls");
  if (!IsMissing(tls)) options.tls = TlsConfig::FromValue(env, tls, "options.tls");
  Napi::Value start = object.Get("start");
  if (!IsMissing(start)) options.start = start.ToBoolean().Value();
  Napi::Value block = object.Get("block");
  if (!IsMissing(block)) options.block = block.ToBoolean().Value();
  return options;
}

}  // namespace

template <typename H, const EndpointApi<H>& kApi>
Napi::Function Endpoint<H, kApi>::Init(Napi::Env env) {
  return Endpoint::DefineClass(env, kApi.name,
                               {
                                   Endpoint::template InstanceMethod<&Endpoint::Start>("start"),
                                   Endpoint::template InstanceMethod<&Endpoint::SetOpt>("setOption"),
                                   Endpoint::template InstanceMethod<&Endpoint::GetOpt>("getOption"),
                                   Endpoint::template InstanceMethod<&Endpoint::Close>("close"),
                                   Endpoint::template InstanceAccessor<&Endpoint::GetId>("id"),
                                   Endpoint::template InstanceAccessor<&Endpoint::GetUrl>("url"),
                               });
}

// new Dialer(socket, url, options?) and new Listener(socket, url, options?).
template <typename H, const EndpointApi<H>& kApi>
Endpoint<H, kApi>::Endpoint(const Napi::CallbackInfo& info) : Wrapped<Endpoint>(info) {
  Napi::Env env = info.Env();
  Socket* socket = Socket::FromValue(env, info[0], "socket");
  url_ = StringArg(info, 1, "url");
  EndpointOptions options = ReadEndpointOptions(info, 2);
  Check(env, kApi.create(&handle_, socket->Handle(env), url_.c_str()));
  open_ = true;
  socket_ = Napi::Persistent(info[0].As<Napi::Object>());
  if (options.tls) Check(env, kApi.set_ptr(handle_, NNG_OPT_TLS_CONFIG, options.tls));
  if (options.start) StartNow(env, options.block);
}

// Not closed when collected: NNG closes it with its socket, and a script that drops the
// returned object still expects the endpoint to work.
template <typename H, const EndpointApi<H>& kApi>
Endpoint<H, kApi>::~Endpoint() = default;

template <typename H, const EndpointApi<H>& kApi>
H Endpoint<H, kApi>::Open(Napi::Env env) const {
  if (!open_) throw NngError(env, NNG_ECLOSED);
  return handle_;
}

template <typename H, const EndpointApi<H>& kApi>
void Endpoint<H, kApi>::StartNow(Napi::Env env, bool block) {
  Check(env, kApi.start(Open(env), block, &url_));
}

template <typename H, const EndpointApi<H>& kApi>
void Endpoint<H, kApi>::Start(const Napi::CallbackInfo& info) {
  StartNow(info.Env(), BoolArg(info, 0, false));
}

template <typename H, const EndpointApi<H>& kApi>
void Endpoint<H, kApi>::SetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  H handle = Open(env);
  std::string name = StringArg(info, 0, "name");
  if (name == "tls-config") {
    Check(env, kApi.set_ptr(handle, NNG_OPT_TLS_CONFIG, TlsConfig::FromValue(env, info[1], "value")));
    return;
  }
  SetOption(env, handle, name, info[1]);
}

template <typename H, const EndpointApi<H>& kApi>
Napi::Value Endpoint<H, kApi>::GetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return GetOption(env, Open(env), StringArg(info, 0, "name"));
}

template <typename H, const EndpointApi<H>& kApi>
void Endpoint<H, kApi>::Close(const Napi::CallbackInfo&) {
  if (!open_) return;
  open_ = false;
  kApi.close(handle_);
  socket_.Reset();
}

template <typename H, const EndpointApi<H>& kApi>
Napi::Value Endpoint<H, kApi>::GetId(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), kApi.id(handle_));
}

template <typename H, const EndpointApi<H>& kApi>
Napi::Value Endpoint<H, kApi>::GetUrl(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), url_);
}

template class Endpoint<nng_dialer, kDialerApi>;
template class Endpoint<nng_listener, kListenerApi>;

}  // namespace mirai
