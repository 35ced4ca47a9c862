// Asynchronous operations on nng_aio: one Op per pending send, receive or request.
#pragma once

#include <napi.h>
#include <nng/nng.h>
#include <nng/supplemental/util/platform.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "context_pool.h"
#include "core.h"

namespace mirai {

enum class OpKind : uint8_t { Send, Recv, RecvFrom, Request, RequestFrom };

// Where an operation goes: a socket itself, or one of its contexts.
struct Target {
  bool is_ctx;
  nng_socket sock;
  nng_ctx ctx;
};

class OpList;

// What a handle does when its first operation starts and its last one ends: a handle with
// pending operations must not be collected, or its operations would end with it.
class KeepAlive {
 public:
  virtual ~KeepAlive() = default;
  virtual void Hold(bool hold) = 0;
};

struct Op final : Completion {
  Core* core = nullptr;
  nng_aio* aio = nullptr;
  napi_deferred deferred = nullptr;
  OpKind kind = OpKind::Send;
  Target target{};
  nng_duration timeout = NNG_DURATION_DEFAULT;
  // When a positive timeout runs out (nng_clock() time), 0 for none: a request's timeout
  // covers it whole, so its receive gets only what its send left.
  nng_time deadline = 0;
  uint32_t tag = 0;  // chosen by JavaScript, to cancel this operation alone
  int result = 0;
  nng_msg* msg = nullptr;
  // The pipe a message came from; of a request reset by its peer's loss (ECONNRESET), that peer's.
  uint32_t pipe = 0;
  // Set when target.ctx was lent by a socket's pool: it goes back there once delivered.
  std::shared_ptr<ContextPool> pool;

  // A request's switch from sending to receiving happens on an NNG thread; the lock keeps a
  // cancel from slipping in between the two.
  std::mutex phase_lock;
  bool receiving = false;
  bool cancelled = false;
  std::atomic<bool> posted{false};

  // The list of the handle that started it, and the ops of that list with the same tag.
  OpList* owner = nullptr;
  Op* own_prev = nullptr;
  Op* own_next = nullptr;
  Op* tag_prev = nullptr;
  Op* tag_next = nullptr;

  void Deliver(Napi::Env env) override;
  void Discard() override;
  void Cancel();
  static void OnDone(void* arg);
};

// The operations a handle has in flight, so that it can cancel them or disown them on close.
class OpList {
 public:
  explicit OpList(KeepAlive* keeper) : keeper_(keeper) {}
  OpList(const OpList&) = delete;
  OpList& operator=(const OpList&) = delete;
  ~OpList() {
    keeper_ = nullptr;
    Disown();
  }

  void Add(Op* op);
  void Remove(Op* op);
  // Called as the owner is destroyed: it can no longer be held or released.
  void Forget() { keeper_ = nullptr; }
  // Cancels the operations started with `tag`, or all of them for tag 0.
  void Cancel(uint32_t tag);
  // Forget every op: they still complete, but no longer report back to this list.
  void Disown();

 private:
  void Untag(Op* op);

  Op* head_ = nullptr;
  size_t count_ = 0;
  KeepAlive* keeper_;
  // The first op started with each tag (the rest follow by tag_next): a socket may have
  // 100,000 requests in flight, and cancelling each by a scan of the list would take
  // quadratic time, as would removing ops that share one tag by a scan of their tag's ops.
  std::unordered_map<uint32_t, Op*> tagged_;
};

// What send and request read from JavaScript, for sockets and contexts alike: (data, timeout?,
// transfer?, tag?), and a socket's send (data, timeout?, transfer?, pipe?, tag?). The message is
// made last, so that a bad argument throws before anything is owned.
struct Outgoing {
  nng_msg* msg;
  nng_duration timeout;
  uint32_t tag;
  bool from;  // a request whose reply comes with its pipe
};
Outgoing ReadOutgoing(const Napi::CallbackInfo& info, Core& core, bool with_pipe);

// Each returns a Promise and takes ownership of `out.msg`, even when it throws.
Napi::Value StartSend(Napi::Env env, Core& core, OpList& owner, const Target& target, const Outgoing& out);
// With `pool`, target.ctx is the pool's, and goes back to it once the request is delivered.
Napi::Value StartRequest(Napi::Env env, Core& core, OpList& owner, const Target& target, const Outgoing& out,
                         std::shared_ptr<ContextPool> pool = nullptr);
// recv(timeout?, tag?) and recvFrom(timeout?, tag?) of a socket or a context.
Napi::Value StartRecv(const Napi::CallbackInfo& info, Core& core, OpList& owner, const Target& target, OpKind kind);

}  // namespace mirai
