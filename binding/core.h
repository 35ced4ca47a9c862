// Per-environment state: the one hand-off from NNG threads to JavaScript, and what is open.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace mirai {

class Core;
struct Op;
struct MsgHold;

// Something an NNG thread hands to the JavaScript thread. Deliver runs on the JavaScript
// thread; Discard runs instead when the environment is being torn down.
struct Completion {
  virtual ~Completion() = default;
  virtual void Deliver(Napi::Env env) = 0;
  virtual void Discard() = 0;
};

// Something Core closes at teardown so that no NNG callback outlives the environment.
class Closeable {
 public:
  virtual ~Closeable() = default;
  virtual void CloseHandle() = 0;
};

void CallCompletion(Napi::Env env, Napi::Function, Core* core, Completion* completion);
using Handoff = Napi::TypedThreadSafeFunction<Core, Completion, CallCompletion>;

class Core {
 public:
  explicit Core(Napi::Env env);
  ~Core();
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  // From any thread. False once the environment is going away.
  bool Post(Completion* completion);

  // Pending operations keep the event loop alive; an idle Core does not.
  void AddPending();
  void RemovePending();

  Op* AcquireOp();
  void ReleaseOp(Op* op);

  void Track(Closeable* handle) { open_.insert(handle); }
  void Untrack(Closeable* handle) { open_.erase(handle); }

  // Messages lent to JavaScript as Buffers, by data address, so that they can be sent
  // back without a copy.
  std::unordered_map<const uint8_t*, MsgHold*>& lent() { return lent_; }

  bool shutting_down() const { return shutting_down_; }
  Napi::Env env() const { return env_; }
  void Shutdown();

 private:
  Napi::Env env_;
  Handoff handoff_;
  size_t pending_ = 0;
  bool shutting_down_ = false;
  std::vector<Op*> free_ops_;
  std::unordered_set<Op*> live_ops_;
  std::unordered_set<Closeable*> open_;
  std::unordered_map<const uint8_t*, MsgHold*> lent_;
  friend struct Op;
};

using CoreRef = std::shared_ptr<Core>;

}  // namespace mirai
