// The broker: a first-in-first-out queue of requests in front of workers (one request context
// each); a request goes to a worker only when that worker is free, and each reply is forwarded
// on another socket as it arrives. Scheduling runs on NNG's threads: no JavaScript per request.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "core.h"

namespace mirai {

class Broker;

// One worker: a request context on the worker's own socket, with at most one request in flight.
struct BrokerWorker {
  // Paused takes nothing (not yet or no longer connected); Idle takes the next request;
  // Sending and Receiving are the two halves of a request in flight.
  enum class State : uint8_t { Paused, Idle, Sending, Receiving };

  Broker* broker = nullptr;
  uint32_t id = 0;
  nng_ctx ctx = NNG_CTX_INITIALIZER;
  nng_aio* aio = nullptr;
  State state = State::Paused;
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
  Broker* broker = nullptr;
  nng_aio* aio = nullptr;
  static void OnSent(void* arg);
};

// What JavaScript hears of: only failures, never successes.
struct BrokerSink {
  Napi::FunctionReference listener;
};

class Broker : public Napi::ObjectWrap<Broker>, public Closeable {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit Broker(const Napi::CallbackInfo& info);
  ~Broker() override;
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

  void CloseHandle() override;

  // From NNG threads.
  void Completed(BrokerWorker* worker);
  void Sent(BrokerForward* forward);

 private:
  void Push(const Napi::CallbackInfo& info);
  void Attach(const Napi::CallbackInfo& info);
  void Resume(const Napi::CallbackInfo& info);
  void Pause(const Napi::CallbackInfo& info);
  Napi::Value Detach(const Napi::CallbackInfo& info);
  Napi::Value CancelQueued(const Napi::CallbackInfo& info);
  Napi::Value WorkerOf(const Napi::CallbackInfo& info);
  Napi::Value Counts(const Napi::CallbackInfo& info);
  Napi::Value GetQueued(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);

  // With mtx_ held.
  void Assign(BrokerWorker* worker, nng_msg* msg, uint32_t tag);
  bool StartNext(BrokerWorker* worker);
  void DispatchIdle();
  void Requeue(nng_msg* msg, uint32_t tag);
  void SetState(BrokerWorker* worker, BrokerWorker::State state);
  BrokerWorker* Find(Napi::Env env, uint32_t id);

  void Forward(nng_msg* reply);
  void Destroy(BrokerWorker* worker);
  void Shut();

  struct Queued {
    uint32_t tag;
    nng_msg* msg;  // null once cancelled: skipped when its turn comes
  };

  CoreRef core_;
  std::shared_ptr<BrokerSink> sink_;
  nng_socket forward_ = NNG_SOCKET_INITIALIZER;
  bool keep_ = false;

  std::mutex mtx_;
  bool closed_ = false;
  std::deque<Queued> queue_;
  size_t live_ = 0;  // queued and not cancelled
  std::map<uint32_t, BrokerWorker*> workers_;
  std::set<uint32_t> idle_;  // the lowest id goes first
  std::vector<BrokerForward*> forwards_;       // every forward op, for teardown
  std::vector<BrokerForward*> free_forwards_;  // those not in flight
};

}  // namespace mirai
