// The contexts a socket keeps for its own requests.
#include "context_pool.h"

namespace mirai {

int ContextPool::Take(nng_ctx* ctx) {
  if (idle_.empty()) return nng_ctx_open(ctx, sock_);
  *ctx = idle_.back();
  idle_.pop_back();
  return 0;
}

void ContextPool::Give(nng_ctx ctx) {
  if (closed_) return;
  if (idle_.size() < keep_) {
    idle_.push_back(ctx);
  } else {
    nng_ctx_close(ctx);
  }
}

void ContextPool::Discard(nng_ctx ctx) {
  if (!closed_) nng_ctx_close(ctx);
}

void ContextPool::Drain() {
  for (nng_ctx ctx : idle_) nng_ctx_close(ctx);
  idle_.clear();
}

void ContextPool::Close() {
  closed_ = true;
  idle_.clear();
}

}  // namespace mirai
