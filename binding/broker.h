// The broker: a first-in-first-out queue of requests in front of workers (one request context
// each); a request goes to a worker only when that worker is free, and each reply is forwarded
// on another socket as it arrives. Scheduling runs on NNG's threads: no JavaScript per request.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "core.h"
#include "request_queue.h"
#include "wrap.h"

namespace mirai {

class BrokerCore;

// One worker: a request context on the worker's own socket, with at most one request in flight.
struct BrokerWorker {
  // Paused takes nothing (not yet or no longer connected); Idle takes the next request;
  // Sending and Receiving are the two halves of a request in flight.
  enum class State : uint8_t { Paused, Idle, Sending, Receiving };

  BrokerCore* broker = nullptr;
  uint32_t id = 0;
  nng_ctx ctx = NNG_CTX_INITIALIZER;
  nng_aio* aio = nullptr;
  State state = State::Paused;
  // Paused while a request was in flight: once it is done (answered, or taken back), the
  // worker takes nothing new. A resume before then clears it.
  bool pausing = false;
  bool detached = false;
  uint32_t tag = 0;
  // A copy of the request in flight, kept only when the broker was asked to keep them, so
  // that a request whose worker died can be given back to be sent again.
  nng_msg* kept = nullptr;
  double assigned = 0;
  double complete = 0;

  static void OnDone(void* arg);
};

// A reply on its way out on the forward socket.
struct BrokerForward {
  BrokerCore* broker = nullptr;
  nng_aio* aio = nullptr;
  static void OnSent(void* arg);
};

// A listener in one environment (thread), and the Core that hands it completions.
struct BrokerSink {
  Core* core = nullptr;
  Napi::FunctionReference listener;
};

// The broker itself, shared by handles in any number of environments: the host's main thread
// pushes requests and hears replies; the dispatcher's thread attaches workers and hears failures.
class BrokerCore {
 public:
  explicit BrokerCore(bool keep) : keep_(keep) {}
  ~BrokerCore() { Shut(); }
  BrokerCore(const BrokerCore&) = delete;
  BrokerCore& operator=(const BrokerCore&) = delete;

  // From JavaScript threads (each throws an NNG error number as int, or returns a status).
  int Push(nng_msg* msg, uint32_t tag);
  // Packs `parts` (PackedLength: `length` bytes) straight into the queue; NNG_ENOMEM if no
  // room could be had, and nothing is queued then.
  int PushPacked(Napi::Env env, const std::vector<Napi::Value>& parts, size_t length, uint32_t tag);
  int Attach(uint32_t id, nng_socket sock);
  int Resume(uint32_t id, nng_msg* first, uint32_t tag);
  void Pause(uint32_t id);
  bool Detach(uint32_t id, uint32_t* tag);
  bool CancelQueued(uint32_t tag);
  bool WorkerOf(uint32_t tag, uint32_t* id);
  bool Counts(uint32_t id, bool reset, double* assigned, double* complete);
  size_t QueuedCount();
  // A reply whose byte at `offset` has a bit of `mask` set is its worker's last: the worker
  // takes no more requests (it is paused, as by Pause) before anything else is sent to it.
  void SetLastMark(uint32_t offset, uint8_t mask);
  void SetForward(nng_socket sock);
  void SetSink(bool replies, std::shared_ptr<BrokerSink> sink);
  // Removes `sink` wherever it is set: its environment is going away.
  void DropSink(const std::shared_ptr<BrokerSink>& sink);
  void Shut();

  // From NNG threads.
  void Completed(BrokerWorker* worker);
  void Sent(BrokerForward* forward);

 private:
  // With mtx_ held.
  void Assign(BrokerWorker* worker, nng_msg* msg, uint32_t tag);
  bool StartNext(BrokerWorker* worker);
  void DispatchIdle();
  void Requeue(nng_msg* msg, uint32_t tag);
  void SetState(BrokerWorker* worker, BrokerWorker::State state);
  BrokerWorker* Find(uint32_t id);
  void Deliver(nng_msg* reply, uint32_t tag);
  bool IsLast(nng_msg* reply) const;

  void Destroy(BrokerWorker* worker);

  const bool keep_;
  std::mutex mtx_;
  bool closed_ = false;
  RequestQueue queue_;
  std::map<uint32_t, BrokerWorker*> workers_;
  std::set<uint32_t> idle_;  // the lowest id goes first
  std::shared_ptr<BrokerSink> replies_;
  std::shared_ptr<BrokerSink> failures_;
  bool forwarding_ = false;
  uint32_t last_offset_ = 0;
  uint8_t last_mask_ = 0;  // 0: no reply is marked last
  nng_socket forward_ = NNG_SOCKET_INITIALIZER;
  std::vector<BrokerForward*> forwards_;       // every forward op, for teardown
  std::vector<BrokerForward*> free_forwards_;  // those not in flight
};

// A JavaScript handle on a BrokerCore: `new Broker(keep)` makes one; `new Broker(id)` joins
// the one with that id from another thread of the same process.
class Broker : public Wrapped<Broker>, public Closeable {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit Broker(const Napi::CallbackInfo& info);
  ~Broker() override;

  void CloseHandle() override;

 private:
  JsMethod Push, Detach, CancelQueued, WorkerOf, Counts, GetQueued, GetId;
  JsAction Attach, Resume, Pause, MarkLast, OnReply, OnFailure, Forward, Close;

  void Listen(const Napi::CallbackInfo& info, bool replies);
  std::shared_ptr<BrokerCore> Live(Napi::Env env) const;

  CoreRef core_;
  std::shared_ptr<BrokerCore> broker_;
  uint32_t id_ = 0;
  std::shared_ptr<BrokerSink> reply_sink_;
  std::shared_ptr<BrokerSink> failure_sink_;
};

}  // namespace mirai
