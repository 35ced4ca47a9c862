// Contexts (nng_ctx): concurrent requests and replies on one socket.
#include "context.h"

#include "args.h"
#include "errors.h"
#include "module.h"
#include "options.h"
#include "socket.h"

namespace mirai {

Napi::Function Context::Init(Napi::Env env) {
  return DefineClass(env, "Context", Messaging<Context>::Properties({}));
}

Context::Context(const Napi::CallbackInfo& info)
    : Wrapped<Context>(info), core_(Module::CoreOf(info.Env())) {
  Napi::Env env = info.Env();
  if (!info.IsConstructCall()) ThrowType(env, "Context must be called with new");
  Socket* socket = Socket::FromValue(env, info[0], "socket");
  sock_ = socket->Handle(env);
  Check(env, nng_ctx_open(&ctx_, sock_));
  open_ = true;
  socket_ = Napi::Persistent(info[0].As<Napi::Object>());
}

Context::~Context() {
  ops_.Forget();
  CloseContext();
}

void Context::Hold(bool hold) {
  if (hold) Ref();
  else Unref();
}

void Context::CloseContext() {
  if (!open_) return;
  open_ = false;
  ops_.Disown();
  nng_ctx_close(ctx_);
}

Target Context::Open(Napi::Env env) const {
  if (!open_) throw NngError(env, NNG_ECLOSED);
  return Target{true, sock_, ctx_};
}

Napi::Value Context::Request(const Napi::CallbackInfo& info) {
  Target target = Open(info.Env());
  Outgoing out = ReadOutgoing(info, *core_, false);
  return StartRequest(info.Env(), *core_, ops_, target, out);
}

Napi::Value Context::Send(const Napi::CallbackInfo& info) {
  Target target = Open(info.Env());
  Outgoing out = ReadOutgoing(info, *core_, false);
  return StartSend(info.Env(), *core_, ops_, target, out);
}

template <OpKind kind>
Napi::Value Context::Receive(const Napi::CallbackInfo& info) {
  Target target = Open(info.Env());
  return StartRecv(info, *core_, ops_, target, kind);
}

void Context::SetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Target target = Open(env);
  SetOption(env, target.ctx, StringArg(info, 0, "name"), info[1]);
}

Napi::Value Context::GetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Target target = Open(env);
  return GetOption(env, target.ctx, StringArg(info, 0, "name"));
}

void Context::Cancel(const Napi::CallbackInfo& info) { ops_.Cancel(UintArg(info, 0, 0, "tag")); }

void Context::Close(const Napi::CallbackInfo&) {
  CloseContext();
  socket_.Reset();
}

Napi::Value Context::GetId(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), nng_ctx_id(ctx_));
}

Napi::Value Context::GetClosed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), !open_);
}

}  // namespace mirai
