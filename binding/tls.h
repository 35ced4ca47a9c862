// TLS: configurations from PEM for dialers and listeners, and self-signed certificates.
#pragma once

#include <napi.h>
#include <nng/nng.h>
#include <nng/supplemental/tls/tls.h>

#include <string>

#include "wrap.h"

namespace mirai {

class TlsConfig : public Wrapped<TlsConfig> {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit TlsConfig(const Napi::CallbackInfo& info);
  ~TlsConfig() override;

  // The configuration behind a JavaScript value, or a TypeError naming `what`.
  static nng_tls_config* FromValue(Napi::Env env, Napi::Value value, const char* what);

 private:
  JsAction SetCertKey, SetCaChain, SetAuthMode, SetServerName;
  JsMethod GetMode;

  nng_tls_config* config_ = nullptr;
  std::string mode_;
};

// generateCertificate({ commonName, validDays, keyType, bits }) → Promise<{ cert, key }>.
Napi::Value GenerateCertificate(const Napi::CallbackInfo& info);

// "mbed TLS 2.28.3" and the engine NNG uses.
std::string MbedtlsVersion();

}  // namespace mirai
