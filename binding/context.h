// Contexts: independent request/reply state machines sharing one socket.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include "aio.h"
#include "core.h"

namespace mirai {

class Context : public Napi::ObjectWrap<Context>, public KeepAlive {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit Context(const Napi::CallbackInfo& info);
  ~Context() override;
  void Hold(bool hold) override;
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

 private:
  Napi::Value Request(const Napi::CallbackInfo& info);
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value Recv(const Napi::CallbackInfo& info);
  Napi::Value RecvFrom(const Napi::CallbackInfo& info);
  void SetOpt(const Napi::CallbackInfo& info);
  Napi::Value GetOpt(const Napi::CallbackInfo& info);
  void Cancel(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);
  Napi::Value GetId(const Napi::CallbackInfo& info);
  Napi::Value GetClosed(const Napi::CallbackInfo& info);

  void CloseContext();
  Target Open(Napi::Env env) const;

  CoreRef core_;
  Napi::ObjectReference socket_;  // keeps the socket open while the context lives
  nng_ctx ctx_ = NNG_CTX_INITIALIZER;
  nng_socket sock_ = NNG_SOCKET_INITIALIZER;
  bool open_ = false;
  OpList ops_{this};
};

}  // namespace mirai
