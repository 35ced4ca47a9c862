// Sockets: one NNG socket of a given protocol, its own sends and receives, and its pipes.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <memory>
#include <string>

#include "aio.h"
#include "context_pool.h"
#include "core.h"
#include "pipe.h"

namespace mirai {

class Socket : public Napi::ObjectWrap<Socket>, public Closeable, public KeepAlive {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit Socket(const Napi::CallbackInfo& info);
  ~Socket() override;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  // The socket behind a JavaScript value, or a TypeError naming `what`.
  static Socket* FromValue(Napi::Env env, Napi::Value value, const char* what);
  // Throws NngError 7 (object closed) once closed.
  nng_socket Handle(Napi::Env env) const;
  Core& core() const { return *core_; }
  void CloseHandle() override;
  void Hold(bool hold) override;

 private:
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value Request(const Napi::CallbackInfo& info);
  Napi::Value Recv(const Napi::CallbackInfo& info);
  Napi::Value RecvFrom(const Napi::CallbackInfo& info);
  void SetOpt(const Napi::CallbackInfo& info);
  Napi::Value GetOpt(const Napi::CallbackInfo& info);
  void OnPipe(const Napi::CallbackInfo& info);
  void Notify(const Napi::CallbackInfo& info);
  void ClosePipe(const Napi::CallbackInfo& info);
  void LimitPipes(const Napi::CallbackInfo& info);
  void Cancel(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);
  Napi::Value GetId(const Napi::CallbackInfo& info);
  Napi::Value GetProtocol(const Napi::CallbackInfo& info);
  Napi::Value GetClosed(const Napi::CallbackInfo& info);

  CoreRef core_;
  nng_socket sock_ = NNG_SOCKET_INITIALIZER;
  bool open_ = false;
  std::string protocol_;
  OpList ops_{this};
  std::unique_ptr<PipeWatch> pipes_;
  std::shared_ptr<ContextPool> contexts_;
};

}  // namespace mirai
