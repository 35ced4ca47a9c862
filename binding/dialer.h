// Dialers: connect to a URL, and reconnect when the connection drops.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <string>

namespace mirai {

class Dialer : public Napi::ObjectWrap<Dialer> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit Dialer(const Napi::CallbackInfo& info);
  ~Dialer() override;
  Dialer(const Dialer&) = delete;
  Dialer& operator=(const Dialer&) = delete;

 private:
  void Start(const Napi::CallbackInfo& info);
  void SetOpt(const Napi::CallbackInfo& info);
  Napi::Value GetOpt(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);
  Napi::Value GetId(const Napi::CallbackInfo& info);
  Napi::Value GetUrl(const Napi::CallbackInfo& info);
  void StartDialing(Napi::Env env, bool block);
  nng_dialer Open(Napi::Env env) const;

  Napi::ObjectReference socket_;
  nng_dialer dialer_ = NNG_DIALER_INITIALIZER;
  bool open_ = false;
  std::string url_;
};

}  // namespace mirai
