// What dialers and listeners share: reading their creation options.
#pragma once

#include <napi.h>
#include <nng/nng.h>
#include <nng/supplemental/tls/tls.h>

#include <string>

namespace mirai {

struct EndpointOptions {
  nng_tls_config* tls = nullptr;
  bool start = true;
  bool block = false;
};

// Reads `{ tls?, start?, block? }` at argument `i`; TypeErrors name the key.
EndpointOptions ReadEndpointOptions(const Napi::CallbackInfo& info, size_t i);

// The URL with a requested port 0 replaced by `port` (a listener's bound port).
std::string WithBoundPort(const std::string& url, int port);

}  // namespace mirai
