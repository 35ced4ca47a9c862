// Sockets: one NNG socket of a given protocol, its own sends and receives, and its pipes.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <memory>
#include <string>

#include "aio.h"
#include "context_pool.h"
#include "core.h"
#include "messaging.h"
#include "pipe.h"
#include "wrap.h"

namespace mirai {

class Socket : public Wrapped<Socket>, public Closeable, public KeepAlive {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit Socket(const Napi::CallbackInfo& info);
  ~Socket() override;

  // The socket behind a JavaScript value, or a TypeError naming `what`.
  static Socket* FromValue(Napi::Env env, Napi::Value value, const char* what);
  // Throws NngError 7 (object closed) once closed.
  nng_socket Handle(Napi::Env env) const;
  Core& core() const { return *core_; }
  void CloseHandle() override;
  void Hold(bool hold) override;

 private:
  friend struct Messaging<Socket>;
  JsMethod Send, Request, GetOpt, RemoteAddress, GetId, GetProtocol, GetClosed, GetSignalsRaised;
  // recv (OpKind::Recv) and recvFrom (OpKind::RecvFrom).
  template <OpKind kind>
  Napi::Value Receive(const Napi::CallbackInfo& info);
  Target Open(Napi::Env env) const;
  JsAction SetOpt, OnPipe, Notify, ClosePipe, LimitPipes, DialOnce, SignalOnMessage, Cancel, Close;

  CoreRef core_;
  nng_socket sock_ = NNG_SOCKET_INITIALIZER;
  bool open_ = false;
  std::string protocol_;
  OpList ops_{this};
  std::unique_ptr<PipeWatch> pipes_;
  std::shared_ptr<ContextPool> contexts_;
  Napi::ObjectReference signal_gate_;  // the gate of the signal rule, if any
};

}  // namespace mirai
