// Asynchronous operations on nng_aio: one Op per pending send, receive or request.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <atomic>
#include <mutex>

#include "core.h"

namespace mirai {

enum class OpKind : uint8_t { Send, Recv, RecvFrom, Request };

// Where an operation goes: a socket itself, or one of its contexts.
struct Target {
  bool is_ctx;
  nng_socket sock;
  nng_ctx ctx;
};

class OpList;

struct Op final : Completion {
  Core* core = nullptr;
  nng_aio* aio = nullptr;
  napi_deferred deferred = nullptr;
  OpKind kind = OpKind::Send;
  Target target{};
  nng_duration timeout = NNG_DURATION_DEFAULT;
  int result = 0;
  nng_msg* msg = nullptr;
  uint32_t pipe = 0;

  // A request's switch from sending to receiving happens on an NNG thread; the lock keeps a
  // cancel from slipping in between the two.
  std::mutex phase_lock;
  bool receiving = false;
  bool cancelled = false;
  std::atomic<bool> posted{false};

  // The list of the handle that started it.
  OpList* owner = nullptr;
  Op* own_prev = nullptr;
  Op* own_next = nullptr;

  void Deliver(Napi::Env env) override;
  void Discard() override;
  void Cancel();
  static void OnDone(void* arg);
};

// The operations a handle has in flight, so that it can cancel them or disown them on close.
class OpList {
 public:
  OpList() = default;
  OpList(const OpList&) = delete;
  OpList& operator=(const OpList&) = delete;
  ~OpList() { Disown(); }

  void Add(Op* op);
  void Remove(Op* op);
  void CancelAll();
  // Forget every op: they still complete, but no longer report back to this list.
  void Disown();

 private:
  Op* head_ = nullptr;
};

// Each returns a Promise and takes ownership of `msg`, even when it throws.
Napi::Value StartSend(Napi::Env env, Core& core, OpList& owner, const Target& target, nng_msg* msg,
                      nng_duration timeout);
Napi::Value StartRecv(Napi::Env env, Core& core, OpList& owner, const Target& target, OpKind kind,
                      nng_duration timeout);
Napi::Value StartRequest(Napi::Env env, Core& core, OpList& owner, const Target& target, nng_msg* msg,
                         nng_duration timeout);

}  // namespace mirai
