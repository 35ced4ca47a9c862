// Listeners (nng_listener): bind a URL and accept connections; port 0 becomes the real port.
#include "endpoint.h"

namespace mirai {

namespace {

// The URL with a requested port 0 replaced by `port`.
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

// Listening never blocks; once bound, the URL names the port the system chose for port 0
// (transports without a port leave it as it is).
int StartListener(nng_listener listener, bool, std::string* url) {
  if (int rv = nng_listener_start(listener, 0); rv != 0) return rv;
  int port = 0;
  if (nng_listener_get_int(listener, NNG_OPT_TCP_BOUND_PORT, &port) == 0) *url = WithBoundPort(*url, port);
  return 0;
}

}  // namespace

const EndpointApi<nng_listener> kListenerApi = {
    "Listener", nng_listener_create, StartListener, nng_listener_close, nng_listener_id, nng_listener_set_ptr,
};

}  // namespace mirai
