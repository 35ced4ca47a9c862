// Contexts: independent request/reply state machines sharing one socket.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include "aio.h"
#include "core.h"
#include "messaging.h"
#include "wrap.h"

namespace mirai {

class Context : public Wrapped<Context>, public KeepAlive {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit Context(const Napi::CallbackInfo& info);
  ~Context() override;
  void Hold(bool hold) override;

 private:
  friend struct Messaging<Context>;
  JsMethod Request, Send, GetOpt, GetId, GetClosed;
  // recv (OpKind::Recv) and recvFrom (OpKind::RecvFrom).
  template <OpKind kind>
  Napi::Value Receive(const Napi::CallbackInfo& info);
  JsAction SetOpt, Cancel, Close;

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
