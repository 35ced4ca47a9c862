// The contexts a socket keeps for requests made on the socket itself: opened on demand, reused
// once their request ends, and never handed to JavaScript, so that a request in flight costs no
// wrapper object for the garbage collector to finalise (100,000 of them cost 160 ms in one
// pause). Used on the JavaScript thread only.
#pragma once

#include <nng/nng.h>

#include <cstddef>
#include <vector>

namespace mirai {

class ContextPool {
 public:
  ContextPool(nng_socket sock, size_t keep) : sock_(sock), keep_(keep) {}
  ContextPool(const ContextPool&) = delete;
  ContextPool& operator=(const ContextPool&) = delete;

  // An idle context, or a new one: 0 or NNG's error.
  int Take(nng_ctx* ctx);
  // A context whose request was answered: kept for the next one, or closed beyond `keep`.
  void Give(nng_ctx ctx);
  // A context whose request failed: closed, as NNG may still hold that request in it (one
  // cancelled between its send and its receive is resent by the context's resend timer).
  void Discard(nng_ctx ctx);
  // Closes the idle contexts: a context takes the socket's options when it opens, so after an
  // option changes, requests go on new ones.
  void Drain();
  // The socket closed, and its contexts with it: none is kept or closed again.
  void Close();

 private:
  nng_socket sock_;
  size_t keep_;
  bool closed_ = false;
  std::vector<nng_ctx> idle_;
};

}  // namespace mirai
