// The broker: requests queued first in first out, each handed to a free worker, replies
// forwarded as they arrive; all on NNG's threads once a request is pushed.
#include "broker.h"

#include <algorithm>

#include "args.h"
#include "errors.h"
#include "module.h"
#include "msg.h"
#include "socket.h"

namespace mirai {

namespace {

// A request that failed after it reached its worker, handed to JavaScript.
struct BrokerFailure final : Completion {
  std::shared_ptr<BrokerSink> sink;
  Core* core;
  uint32_t worker;
  uint32_t tag;
  int code;
  nng_msg* kept;

  BrokerFailure(std::shared_ptr<BrokerSink> s, Core* c, uint32_t w, uint32_t t, int rv, nng_msg* k)
      : sink(std::move(s)), core(c), worker(w), tag(t), code(rv), kept(k) {}

  void Deliver(Napi::Env env) override {
    std::unique_ptr<BrokerFailure> self(this);
    Napi::HandleScope scope(env);
    nng_msg* msg = kept;
    kept = nullptr;
    if (sink->listener.IsEmpty()) {
      if (msg) nng_msg_free(msg);
      return;
    }
    Napi::Value data = msg ? BufferFromMsg(env, *core, msg) : env.Null();
    sink->listener.Call({Napi::Number::New(env, worker), Napi::Number::New(env, tag), Napi::Number::New(env, code), data});
  }

  void Discard() override {
    if (kept) nng_msg_free(kept);
    delete this;
  }
};

void FreeMsg(nng_msg*& msg) {
  if (msg) nng_msg_free(msg);
  msg = nullptr;
}

}  // namespace

// --- construction and teardown -------------------------------------------------

Napi::Function Broker::Init(Napi::Env env) {
  return DefineClass(env, "Broker",
                     {
                         InstanceMethod<&Broker::Push>("push"),
                         InstanceMethod<&Broker::Attach>("attach"),
                         InstanceMethod<&Broker::Resume>("resume"),
                         InstanceMethod<&Broker::Pause>("pause"),
                         InstanceMethod<&Broker::Detach>("detach"),
                         InstanceMethod<&Broker::CancelQueued>("cancelQueued"),
                         InstanceMethod<&Broker::WorkerOf>("workerOf"),
                         InstanceMethod<&Broker::Counts>("counts"),
                         InstanceMethod<&Broker::Close>("close"),
                         InstanceAccessor<&Broker::GetQueued>("queued"),
                     });
}

// new Broker(forward: Socket, keep: boolean, onFailure: (worker, tag, code, request) => void)
Broker::Broker(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<Broker>(info), core_(Module::CoreOf(info.Env())), sink_(std::make_shared<BrokerSink>()) {
  Napi::Env env = info.Env();
  if (!info.IsConstructCall()) ThrowType(env, "Broker must be called with new");
  forward_ = Socket::FromValue(env, info[0], "forward")->Handle(env);
  keep_ = BoolArg(info, 1, false);
  if (!info[2].IsFunction()) ThrowType(env, "onFailure must be a function");
  sink_->listener = Napi::Persistent(info[2].As<Napi::Function>());
  core_->Track(this);
}

Broker::~Broker() {
  Shut();
  core_->Untrack(this);
}

void Broker::CloseHandle() { Shut(); }

void Broker::Close(const Napi::CallbackInfo&) {
  Shut();
  sink_->listener.Reset();
}

// Stops every worker and forward, waiting out their callbacks; queued requests are freed.
void Broker::Shut() {
  std::vector<BrokerWorker*> workers;
  {
    std::lock_guard<std::mutex> hold(mtx_);
    if (closed_) return;
    closed_ = true;
    for (auto& entry : workers_) {
      entry.second->detached = true;
      workers.push_back(entry.second);
    }
    workers_.clear();
    idle_.clear();
    for (Queued& q : queue_) FreeMsg(q.msg);
    queue_.clear();
    live_ = 0;
  }
  for (BrokerWorker* worker : workers) Destroy(worker);
  // No forward starts once closed_ is set: the list is final.
  for (BrokerForward* forward : forwards_) nng_aio_stop(forward->aio);
  for (BrokerForward* forward : forwards_) {
    nng_aio_free(forward->aio);
    delete forward;
  }
  forwards_.clear();
  free_forwards_.clear();
}

// Closes a worker that is no longer listed, once its callback can no longer run.
void Broker::Destroy(BrokerWorker* worker) {
  nng_ctx_close(worker->ctx);
  nng_aio_stop(worker->aio);
  nng_msg* msg = nng_aio_get_msg(worker->aio);
  FreeMsg(msg);
  FreeMsg(worker->kept);
  nng_aio_free(worker->aio);
  delete worker;
}

// --- JavaScript calls ------------------------------------------------------------

// push(data, tag, transfer): tags should increase from one push to the next, as cancelQueued
// finds a request by binary search.
void Broker::Push(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t tag = UintArg(info, 1, 0, "tag");
  nng_msg* msg = MsgFromValue(env, *core_, info[0], BoolArg(info, 2, false));
  std::lock_guard<std::mutex> hold(mtx_);
  if (closed_) {
    nng_msg_free(msg);
    throw NngError(env, NNG_ECLOSED);
  }
  queue_.push_back(Queued{tag, msg});
  live_++;
  DispatchIdle();
}

// attach(worker, socket): a worker over a new context on `socket`, paused until resumed.
void Broker::Attach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t id = UintArg(info, 0, 0, "worker");
  nng_socket sock = Socket::FromValue(env, info[1], "socket")->Handle(env);
  auto worker = std::make_unique<BrokerWorker>();
  worker->broker = this;
  worker->id = id;
  Check(env, nng_ctx_open(&worker->ctx, sock));
  int rv = nng_aio_alloc(&worker->aio, BrokerWorker::OnDone, worker.get());
  if (rv != 0) {
    nng_ctx_close(worker->ctx);
    throw NngError(env, rv);
  }
  std::lock_guard<std::mutex> hold(mtx_);
  if (closed_ || workers_.count(id)) {
    nng_ctx_close(worker->ctx);
    nng_aio_free(worker->aio);
    if (closed_) throw NngError(env, NNG_ECLOSED);
    ThrowRange(env, "worker " + std::to_string(id) + " is attached already");
  }
  workers_[id] = worker.release();
}

// resume(worker, data?, tag?): the worker takes requests again, `data` first if given.
void Broker::Resume(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t id = UintArg(info, 0, 0, "worker");
  bool first = info.Length() > 1 && !IsMissing(info[1]);
  uint32_t tag = first ? UintArg(info, 2, 0, "tag") : 0;
  nng_msg* msg = first ? MsgFromValue(env, *core_, info[1], false) : nullptr;
  std::lock_guard<std::mutex> hold(mtx_);
  BrokerWorker* worker = closed_ ? nullptr : workers_.count(id) ? workers_[id] : nullptr;
  if (worker == nullptr || worker->state != BrokerWorker::State::Paused) {
    FreeMsg(msg);
    if (worker == nullptr) ThrowRange(env, "no worker " + std::to_string(id));
    return;
  }
  if (msg) {
    Assign(worker, msg, tag);
    return;
  }
  SetState(worker, BrokerWorker::State::Idle);
  DispatchIdle();
}

// pause(worker): no new request goes to it; one not yet delivered goes back in line.
void Broker::Pause(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::lock_guard<std::mutex> hold(mtx_);
  BrokerWorker* worker = Find(env, UintArg(info, 0, 0, "worker"));
  if (worker == nullptr) return;
  if (worker->state == BrokerWorker::State::Idle) SetState(worker, BrokerWorker::State::Paused);
  // The callback requeues it; cancellation never completes synchronously.
  else if (worker->state == BrokerWorker::State::Sending) nng_aio_cancel(worker->aio);
}

// detach(worker): closes the worker; returns the tag of its request in flight, or null.
// That request is dropped: the caller answers for it.
Napi::Value Broker::Detach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t id = UintArg(info, 0, 0, "worker");
  BrokerWorker* worker;
  bool busy;
  {
    std::lock_guard<std::mutex> hold(mtx_);
    worker = Find(env, id);
    if (worker == nullptr) return env.Null();
    workers_.erase(id);
    idle_.erase(id);
    worker->detached = true;
    busy = worker->state == BrokerWorker::State::Sending || worker->state == BrokerWorker::State::Receiving;
  }
  uint32_t tag = worker->tag;
  Destroy(worker);
  return busy ? Napi::Number::New(env, tag) : env.Null();
}

// cancelQueued(tag): true if the request was still queued (it is dropped, never sent).
Napi::Value Broker::CancelQueued(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t tag = UintArg(info, 0, 0, "tag");
  std::lock_guard<std::mutex> hold(mtx_);
  auto it = std::lower_bound(queue_.begin(), queue_.end(), tag,
                             [](const Queued& q, uint32_t t) { return q.tag < t; });
  if (it == queue_.end() || it->tag != tag || it->msg == nullptr) return Napi::Boolean::New(env, false);
  FreeMsg(it->msg);
  live_--;
  return Napi::Boolean::New(env, true);
}

// workerOf(tag): the worker that holds request `tag` in flight, or null.
Napi::Value Broker::WorkerOf(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t tag = UintArg(info, 0, 0, "tag");
  std::lock_guard<std::mutex> hold(mtx_);
  for (auto& entry : workers_) {
    BrokerWorker* w = entry.second;
    bool busy = w->state == BrokerWorker::State::Sending || w->state == BrokerWorker::State::Receiving;
    if (busy && w->tag == tag) return Napi::Number::New(env, w->id);
  }
  return env.Null();
}

// counts(worker, reset?): [assigned, complete] since attached or last reset.
Napi::Value Broker::Counts(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::lock_guard<std::mutex> hold(mtx_);
  BrokerWorker* worker = Find(env, UintArg(info, 0, 0, "worker"));
  Napi::Array counts = Napi::Array::New(env, 2);
  counts.Set(0u, Napi::Number::New(env, worker ? worker->assigned : 0));
  counts.Set(1u, Napi::Number::New(env, worker ? worker->complete : 0));
  if (worker && BoolArg(info, 1, false)) worker->assigned = worker->complete = 0;
  return counts;
}

Napi::Value Broker::GetQueued(const Napi::CallbackInfo& info) {
  std::lock_guard<std::mutex> hold(mtx_);
  return Napi::Number::New(info.Env(), static_cast<double>(live_));
}

// --- scheduling (mtx_ held) --------------------------------------------------------

BrokerWorker* Broker::Find(Napi::Env, uint32_t id) {
  auto it = workers_.find(id);
  return it == workers_.end() ? nullptr : it->second;
}

void Broker::SetState(BrokerWorker* worker, BrokerWorker::State state) {
  worker->state = state;
  if (state == BrokerWorker::State::Idle) idle_.insert(worker->id);
  else idle_.erase(worker->id);
}

// NNG finishes a context send asynchronously, never inside nng_ctx_send: holding mtx_ here
// cannot deadlock with the callback.
void Broker::Assign(BrokerWorker* worker, nng_msg* msg, uint32_t tag) {
  SetState(worker, BrokerWorker::State::Sending);
  worker->tag = tag;
  worker->assigned++;
  if (keep_ && nng_msg_dup(&worker->kept, msg) != 0) worker->kept = nullptr;
  nng_aio_set_msg(worker->aio, msg);
  nng_ctx_send(worker->ctx, worker->aio);
}

bool Broker::StartNext(BrokerWorker* worker) {
  while (!queue_.empty()) {
    Queued next = queue_.front();
    queue_.pop_front();
    if (next.msg == nullptr) continue;
    live_--;
    Assign(worker, next.msg, next.tag);
    return true;
  }
  return false;
}

void Broker::DispatchIdle() {
  while (live_ > 0 && !idle_.empty()) {
    if (!StartNext(workers_[*idle_.begin()])) return;
  }
}

// Back in line in tag order (it left from the front, so it goes near the front).
void Broker::Requeue(nng_msg* msg, uint32_t tag) {
  auto it = std::lower_bound(queue_.begin(), queue_.end(), tag,
                             [](const Queued& q, uint32_t t) { return q.tag < t; });
  queue_.insert(it, Queued{tag, msg});
  live_++;
}

// --- NNG callbacks -------------------------------------------------------------------

void BrokerWorker::OnDone(void* arg) {
  BrokerWorker* worker = static_cast<BrokerWorker*>(arg);
  worker->broker->Completed(worker);
}

void Broker::Completed(BrokerWorker* worker) {
  using State = BrokerWorker::State;
  int rv = nng_aio_result(worker->aio);
  nng_msg* reply = nullptr;
  BrokerFailure* failure = nullptr;
  {
    std::lock_guard<std::mutex> hold(mtx_);
    bool gone = closed_ || worker->detached;
    if (worker->state == State::Sending) {
      if (rv == 0 && !gone) {
        worker->state = State::Receiving;
        nng_ctx_recv(worker->ctx, worker->aio);
        return;
      }
      // Not delivered (paused, closed or detached): NNG gives the request back.
      nng_msg* msg = nng_aio_get_msg(worker->aio);
      nng_aio_set_msg(worker->aio, nullptr);
      if (msg && !gone) Requeue(msg, worker->tag);
      else FreeMsg(msg);
      FreeMsg(worker->kept);
      worker->assigned--;
      SetState(worker, State::Paused);
      if (!gone) DispatchIdle();
      return;
    }
    if (worker->state != State::Receiving) return;
    if (rv == 0) {
      reply = nng_aio_get_msg(worker->aio);
      nng_aio_set_msg(worker->aio, nullptr);
      worker->complete++;
      FreeMsg(worker->kept);
      SetState(worker, State::Idle);
      if (!gone) StartNext(worker);
    } else {
      SetState(worker, State::Paused);
      if (!gone) failure = new BrokerFailure(sink_, core_.get(), worker->id, worker->tag, rv, worker->kept);
      else FreeMsg(worker->kept);
      worker->kept = nullptr;
    }
  }
  if (reply) Forward(reply);
  if (failure && !core_->Post(failure)) failure->Discard();
}

void Broker::Forward(nng_msg* reply) {
  std::lock_guard<std::mutex> hold(mtx_);
  if (closed_) {
    nng_msg_free(reply);
    return;
  }
  BrokerForward* forward;
  if (!free_forwards_.empty()) {
    forward = free_forwards_.back();
    free_forwards_.pop_back();
  } else {
    forward = new BrokerForward();
    forward->broker = this;
    if (nng_aio_alloc(&forward->aio, BrokerForward::OnSent, forward) != 0) {
      delete forward;
      nng_msg_free(reply);
      return;
    }
    forwards_.push_back(forward);
  }
  // A reply's header is the request id of the worker's socket: the forward socket adds its own.
  nng_msg_header_clear(reply);
  nng_aio_set_msg(forward->aio, reply);
  nng_send_aio(forward_, forward->aio);
}

void BrokerForward::OnSent(void* arg) {
  BrokerForward* forward = static_cast<BrokerForward*>(arg);
  forward->broker->Sent(forward);
}

void Broker::Sent(BrokerForward* forward) {
  if (nng_aio_result(forward->aio) != 0) {
    nng_msg* msg = nng_aio_get_msg(forward->aio);
    FreeMsg(msg);
  }
  nng_aio_set_msg(forward->aio, nullptr);
  std::lock_guard<std::mutex> hold(mtx_);
  // As many forward ops exist as replies were ever in flight at once; all are freed at teardown.
  if (!closed_) free_forwards_.push_back(forward);
}

}  // namespace mirai
