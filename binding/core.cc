// Per-environment state: the hand-off from NNG threads, the op pool, and teardown.
#include "core.h"

#include "aio.h"
#include "aio_pool.h"
#include "msg.h"

namespace mirai {

namespace {
// Ops kept for reuse: enough for bursts of concurrent requests without pinning memory.
constexpr size_t kOpPoolMax = 4096;
}  // namespace

void CallCompletion(Napi::Env env, Napi::Function, Core*, Completion* completion) {
  if (env == nullptr) {
    completion->Discard();
    return;
  }
  try {
    completion->Deliver(env);
  } catch (const Napi::Error& error) {
    // A throwing listener must not take the process down from a native frame.
    napi_value exception = error.Value();
    napi_fatal_exception(env, exception);
  }
}

Core::Core(Napi::Env env) : env_(env) {
  handoff_ = Handoff::New(env, "mirai.nng", 0, 1, this);
  // Idle until an operation is pending: open sockets alone do not keep a process alive.
  handoff_.Unref(env);
}

Core::~Core() {
  for (Op* op : free_ops_) FreeWithAio(op);
  for (auto& entry : lent_) entry.second->core = nullptr;
}

bool Core::Post(Completion* completion) {
  return handoff_.NonBlockingCall(completion) == napi_ok;
}

void Core::AddPending() {
  if (pending_++ == 0) handoff_.Ref(env_);
}

void Core::RemovePending() {
  if (--pending_ == 0) handoff_.Unref(env_);
}

Op* Core::AcquireOp() {
  Op* op = TakeOrMake(free_ops_, Op::OnDone, [this](Op* made) { made->core = this; });
  if (op == nullptr) throw Napi::Error::New(env_, "cannot allocate an nng_aio");
  live_ops_.insert(op);
  return op;
}

void Core::ReleaseOp(Op* op) {
  live_ops_.erase(op);
  op->receiving = false;
  op->cancelled = false;
  op->posted.store(false, std::memory_order_relaxed);
  op->result = 0;
  op->pipe = 0;
  op->tag = 0;
  op->deferred = nullptr;
  op->pool.reset();
  if (free_ops_.size() < kOpPoolMax) {
    free_ops_.push_back(op);
  } else {
    FreeWithAio(op);
  }
}

// Runs as the environment goes away (process exit, worker end): closes whatever is still
// open, waits out every NNG callback, then lets the hand-off discard what it still holds.
void Core::Shutdown() {
  if (shutting_down_) return;
  shutting_down_ = true;
  std::unordered_set<Closeable*> open;
  open.swap(open_);
  for (Closeable* handle : open) handle->CloseHandle();
  for (Op* op : live_ops_) nng_aio_stop(op->aio);
  for (Op* op : live_ops_) {
    // Unlinked now, so that no handle's list points at an op the hand-off later frees.
    if (op->owner) op->owner->Remove(op);
    if (!op->posted.load(std::memory_order_acquire)) op->Discard();
  }
  live_ops_.clear();
  handoff_.Release();
}

}  // namespace mirai
