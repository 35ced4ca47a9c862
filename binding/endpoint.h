// Endpoints: dialers and listeners, one class template over the operations NNG gives both.
#pragma once

#include <napi.h>
#include <nng/nng.h>
#include <nng/supplemental/tls/tls.h>

#include <string>

#include "wrap.h"

namespace mirai {

// NNG's functions for one kind of endpoint, whose handle type is H.
template <typename H>
struct EndpointApi {
  const char* name;  // of the JavaScript class
  int (*create)(H*, nng_socket, const char*);
  // Starts it; where the endpoint knows better (a listener's port 0), it rewrites `url`.
  int (*start)(H, bool block, std::string* url);
  int (*close)(H);
  int (*id)(H);
  int (*set_ptr)(H, const char*, void*);
};

template <typename H, const EndpointApi<H>& kApi>
class Endpoint : public Wrapped<Endpoint<H, kApi>> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit Endpoint(const Napi::CallbackInfo& info);
  ~Endpoint() override;

 private:
  void Start(const Napi::CallbackInfo& info);
  void SetOpt(const Napi::CallbackInfo& info);
  Napi::Value GetOpt(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);
  Napi::Value GetId(const Napi::CallbackInfo& info);
  Napi::Value GetUrl(const Napi::CallbackInfo& info);
  void StartNow(Napi::Env env, bool block);
  H Open(Napi::Env env) const;

  Napi::ObjectReference socket_;  // keeps the socket open while the endpoint lives
  H handle_{};
  bool open_ = false;
  std::string url_;
};

extern const EndpointApi<nng_dialer> kDialerApi;      // dialer.cc
extern const EndpointApi<nng_listener> kListenerApi;  // listener.cc
using Dialer = Endpoint<nng_dialer, kDialerApi>;
using Listener = Endpoint<nng_listener, kListenerApi>;

}  // namespace mirai
