// Dialers (nng_dialer): connect to a URL, synchronously or in the background, and reconnect
// when the connection drops.
#include "endpoint.h"

namespace mirai {

namespace {

// A blocking dial holds this thread until connected or refused, as a synchronous call should;
// a background dial returns at once and keeps retrying at the reconnect interval.
int StartDialer(nng_dialer dialer, bool block, std::string*) {
  return nng_dialer_start(dialer, block ? 0 : NNG_FLAG_NONBLOCK);
}

}  // namespace

const EndpointApi<nng_dialer> kDialerApi = {
    "Dialer", nng_dialer_create, StartDialer, nng_dialer_close, nng_dialer_id, nng_dialer_set_ptr,
};

}  // namespace mirai
