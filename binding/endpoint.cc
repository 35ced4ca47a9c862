// What dialers and listeners share: creation options and the bound URL.
#include "endpoint.h"

#include "args.h"
#include "errors.h"
#include "tls.h"

namespace mirai {

EndpointOptions ReadEndpointOptions(const Napi::CallbackInfo& info, size_t i) {
  Napi::Env env = info.Env();
  EndpointOptions options;
  if (info.Length() <= i || IsMissing(info[i])) return options;
  if (!info[i].IsObject()) ThrowType(env, "options must be an object");
  Napi::Object object = info[i].As<Napi::Object>();
  Napi::Value tls = object.Get("tls");
  if (!IsMissing(tls)) options.tls = TlsConfig::FromValue(env, tls, "options.tls");
  Napi::Value start = object.Get("start");
  if (!IsMissing(start)) options.start = start.ToBoolean().Value();
  Napi::Value block = object.Get("block");
  if (!IsMissing(block)) options.block = block.ToBoolean().Value();
  return options;
}

std::string WithBoundPort(const std::string& url, int port) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  size_t host_start = scheme_end + 3;
  size_t authority_end = url.find('/', host_start);
  if (authority_end == std::string::npos) authority_end = url.size();
  size_t colon = url.rfind(':', authority_end);
  if (colon == std::string::npos || colon < host_start) return url;
  std::string current = url.substr(colon + 1, authority_end - colon - 1);
  if (current != "0") return url;
  return url.substr(0, colon + 1) + std::to_string(port) + url.substr(authority_end);
}

}  // namespace mirai
