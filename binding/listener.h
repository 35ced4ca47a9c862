// Listeners: accept connections on a URL.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <string>

namespace mirai {

class Listener : public Napi::ObjectWrap<Listener> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit Listener(const Napi::CallbackInfo& info);
  ~Listener() override;
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

 private:
  void Start(const Napi::CallbackInfo& info);
  void SetOpt(const Napi::CallbackInfo& info);
  Napi::Value GetOpt(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);
  Napi::Value GetId(const Napi::CallbackInfo& info);
  Napi::Value GetUrl(const Napi::CallbackInfo& info);
  void StartListening(Napi::Env env);
  nng_listener Open(Napi::Env env) const;

  Napi::ObjectReference socket_;
  nng_listener listener_ = NNG_LISTENER_INITIALIZER;
  bool open_ = false;
  std::string url_;
};

}  // namespace mirai
