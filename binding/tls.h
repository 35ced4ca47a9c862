// TLS: configurations from PEM for dialers and listeners, and self-signed certificates.
#pragma once

#include <napi.h>
#include <nng/nng.h>
#include <nng/supplemental/tls/tls.h>

#include <string>

namespace mirai {

class TlsConfig : public Napi::ObjectWrap<TlsConfig> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit TlsConfig(const Napi::CallbackInfo& info);
  ~TlsConfig() override;
  TlsConfig(const TlsConfig&) = delete;
  TlsConfig& operator=(const TlsConfig&) = delete;

  // The configuration behind a JavaScript value, or a TypeError naming `what`.
  static nng_tls_config* FromValue(Napi::Env env, Napi::Value value, const char* what);

 private:
  void SetCertKey(const Napi::CallbackInfo& info);
  void SetCaChain(const Napi::CallbackInfo& info);
  void SetAuthMode(const Napi::CallbackInfo& info);
  void SetServerName(const Napi::CallbackInfo& info);
  Napi::Value GetMode(const Napi::CallbackInfo& info);

  nng_tls_config* config_ = nullptr;
  std::string mode_;
};

// generateCertificate({ commonName, validDays, keyType, bits }) → Promise<{ cert, key }>.
Napi::Value GenerateCertificate(const Napi::CallbackInfo& info);

// "mbed TLS 2.28.3" and the engine NNG uses.
std::string MbedtlsVersion();

}  // namespace mirai
