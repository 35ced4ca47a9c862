// The broker: requests queued first in first out, each handed to a free worker, replies
// delivered as they arrive; all on NNG's threads once a request is pushed.
#include "broker.h"

#include <algorithm>
#include <atomic>
#include <unordered_map>

#include "aio_pool.h"
#include "args.h"
#include "errors.h"
#include "module.h"
#include "msg.h"
#include "socket.h"

namespace mirai {

namespace {

// Brokers by id. Process-wide on purpose, unlike the rest of the addon's state: a broker is
// made on one thread and joined from another (the host and its dispatcher), as NNG's own
// sockets are shared by every thread.
std::mutex registry_lock;
std::unordered_map<uint32_t, std::weak_ptr<BrokerCore>> registry;
std::atomic<uint32_t> next_id{1};

void FreeMsg(nng_msg*& msg) {
  if (msg) nng_msg_free(msg);
  msg = nullptr;
}

bool IsBusy(const BrokerWorker* worker) {
  return worker->state == BrokerWorker::State::Sending || worker->state == BrokerWorker::State::Receiving;
}

// A reply, or a request that failed after it reached its worker, on its way to JavaScript.
struct BrokerEvent final : Completion {
  std::shared_ptr<BrokerSink> sink;
  bool failure;
  uint32_t worker;
  uint32_t tag;
  int code;
  nng_msg* msg;

  BrokerEvent(std::shared_ptr<BrokerSink> s, bool f, uint32_t w, uint32_t t, int rv, nng_msg* m)
      : sink(std::move(s)), failure(f), worker(w), tag(t), code(rv), msg(m) {}

  void Deliver(Napi::Env env) override {
    std::unique_ptr<BrokerEvent> self(this);
    Napi::HandleScope scope(env);
    nng_msg* m = msg;
    msg = nullptr;
    if (sink->listener.IsEmpty()) {
      FreeMsg(m);
      return;
    }
    Napi::Value data = m ? BufferFromMsg(env, *sink->core, m) : env.Null();
    if (!failure) {
      sink->listener.Call({data, Napi::Number::New(env, tag)});
      return;
    }
    sink->listener.Call({Napi::Number::New(env, worker), Napi::Number::New(env, tag), Napi::Number::New(env, code), data});
  }

  void Discard() override {
    FreeMsg(msg);
    delete this;
  }
};

}  // namespace

// --- the shared broker: JavaScript-side calls ---------------------------------------

// Tags should increase from one push to the next: CancelQueued finds a request by binary search.
int BrokerCore::Push(nng_msg* msg, uint32_t tag) {
  std::lock_guard<std::mutex> hold(mtx_);
  if (closed_) {
    nng_msg_free(msg);
    return NNG_ECLOSED;
  }
  queue_.PushMsg(tag, msg);
  DispatchIdle();
  return 0;
}

// The parts are copied under mtx_: plain memory reads (no JavaScript runs), and no copy
// through a message.
int BrokerCore::PushPacked(Napi::Env env, const std::vector<Napi::Value>& parts, size_t length, uint32_t tag) {
  std::lock_guard<std::mutex> hold(mtx_);
  if (closed_) return NNG_ECLOSED;
  uint8_t* room = queue_.Reserve(length + 1);
  if (room == nullptr) return NNG_ENOMEM;
  queue_.Commit(tag, PackInto(env, parts, room, length + 1));
  DispatchIdle();
  return 0;
}

int BrokerCore::Attach(uint32_t id, nng_socket sock) {
  auto worker = std::make_unique<BrokerWorker>();
  worker->broker = this;
  worker->id = id;
  if (int rv = nng_ctx_open(&worker->ctx, sock); rv != 0) return rv;
  if (int rv = nng_aio_alloc(&worker->aio, BrokerWorker::OnDone, worker.get()); rv != 0) {
    nng_ctx_close(worker->ctx);
    return rv;
  }
  std::lock_guard<std::mutex> hold(mtx_);
  if (closed_ || workers_.count(id)) {
    nng_ctx_close(worker->ctx);
    nng_aio_free(worker->aio);
    // Once shut, the broker ignores what its other threads still ask of it.
    return closed_ ? 0 : NNG_EBUSY;
  }
  workers_[id] = worker.release();
  return 0;
}

// The worker takes requests again, `first` (tagged `tag`) before the queue if given.
int BrokerCore::Resume(uint32_t id, nng_msg* first, uint32_t tag) {
  std::lock_guard<std::mutex> hold(mtx_);
  BrokerWorker* worker = closed_ ? nullptr : Find(id);
  if (worker != nullptr && IsBusy(worker)) worker->pausing = false;
  if (worker != nullptr && worker->state != BrokerWorker::State::Paused && first) {
    // Already taking requests: the given one gets in line by its tag rather than be lost.
    Requeue(first, tag);
    DispatchIdle();
    return 0;
  }
  if (worker == nullptr || worker->state != BrokerWorker::State::Paused) {
    FreeMsg(first);
    return worker == nullptr && !closed_ ? NNG_ENOENT : 0;
  }
  if (first) {
    Assign(worker, first, tag);
    return 0;
  }
  SetState(worker, BrokerWorker::State::Idle);
  DispatchIdle();
  return 0;
}

// No new request goes to the worker; one not yet delivered goes back in line.
void BrokerCore::Pause(uint32_t id) {
  std::lock_guard<std::mutex> hold(mtx_);
  BrokerWorker* worker = Find(id);
  if (worker == nullptr) return;
  if (worker->state == BrokerWorker::State::Idle) SetState(worker, BrokerWorker::State::Paused);
  if (!IsBusy(worker)) return;
  worker->pausing = true;
  // The callback requeues it; NNG never completes a cancellation inside nng_aio_cancel.
  if (worker->state == BrokerWorker::State::Sending) nng_aio_cancel(worker->aio);
}

// Closes the worker; true (with its tag) if it had a request in flight, which is dropped.
bool BrokerCore::Detach(uint32_t id, uint32_t* tag) {
  BrokerWorker* worker;
  bool busy;
  {
    std::lock_guard<std::mutex> hold(mtx_);
    worker = Find(id);
    if (worker == nullptr) return false;
    workers_.erase(id);
    idle_.erase(id);
    worker->detached = true;
    busy = IsBusy(worker);
    *tag = worker->tag;
  }
  Destroy(worker);
  return busy;
}

bool BrokerCore::CancelQueued(uint32_t tag) {
  std::lock_guard<std::mutex> hold(mtx_);
  return queue_.Cancel(tag);
}

bool BrokerCore::WorkerOf(uint32_t tag, uint32_t* id) {
  std::lock_guard<std::mutex> hold(mtx_);
  for (auto& entry : workers_) {
    if (IsBusy(entry.second) && entry.second->tag == tag) {
      *id = entry.first;
      return true;
    }
  }
  return false;
}

bool BrokerCore::Counts(uint32_t id, bool reset, double* assigned, double* complete) {
  std::lock_guard<std::mutex> hold(mtx_);
  BrokerWorker* worker = Find(id);
  if (worker == nullptr) return false;
  *assigned = worker->assigned;
  *complete = worker->complete;
  if (reset) worker->assigned = worker->complete = 0;
  return true;
}

size_t BrokerCore::QueuedCount() {
  std::lock_guard<std::mutex> hold(mtx_);
  return queue_.Live();
}

// Replies with no listener for them go out on `sock` instead, as they are.
void BrokerCore::SetForward(nng_socket sock) {
  std::lock_guard<std::mutex> hold(mtx_);
  forward_ = sock;
  forwarding_ = true;
}

void BrokerCore::SetSink(bool replies, std::shared_ptr<BrokerSink> sink) {
  std::lock_guard<std::mutex> hold(mtx_);
  (replies ? replies_ : failures_) = std::move(sink);
}

void BrokerCore::DropSink(const std::shared_ptr<BrokerSink>& sink) {
  std::lock_guard<std::mutex> hold(mtx_);
  if (replies_ == sink) replies_.reset();
  if (failures_ == sink) failures_.reset();
}

// Stops every worker and forward, waiting out their callbacks; queued requests are freed.
void BrokerCore::Shut() {
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
    queue_.Clear();
    replies_.reset();
    failures_.reset();
  }
  for (BrokerWorker* worker : workers) Destroy(worker);
  // No forward starts once closed_ is set: the list is final.
  for (BrokerForward* forward : forwards_) nng_aio_stop(forward->aio);
  for (BrokerForward* forward : forwards_) FreeWithAio(forward);
  forwards_.clear();
  free_forwards_.clear();
}

// Closes a worker that is no longer listed, once its callback can no longer run.
// The aio is stopped while its context still exists: req0 clears a context's pending receive
// under its lock but finishes it after, so a reply landing now leaves the receive's cancel
// function (which reads the context) on the aio for a moment; a context closed first was
// freed under it.
void BrokerCore::Destroy(BrokerWorker* worker) {
  nng_aio_stop(worker->aio);
  nng_ctx_close(worker->ctx);
  nng_msg* msg = nng_aio_get_msg(worker->aio);
  FreeMsg(msg);
  FreeMsg(worker->kept);
  nng_aio_free(worker->aio);
  delete worker;
}

// --- scheduling (mtx_ held) --------------------------------------------------------

BrokerWorker* BrokerCore::Find(uint32_t id) {
  auto it = workers_.find(id);
  return it == workers_.end() ? nullptr : it->second;
}

void BrokerCore::SetState(BrokerWorker* worker, BrokerWorker::State state) {
  worker->state = state;
  // A detached worker is no longer listed, and its id may already name a new one: its last
  // callback (a reply landing as it is detached) must not mark that id idle.
  if (worker->detached) return;
  if (state == BrokerWorker::State::Idle) idle_.insert(worker->id);
  else idle_.erase(worker->id);
}

// NNG finishes a context send asynchronously, never inside nng_ctx_send: holding mtx_ here
// cannot deadlock with the callback.
void BrokerCore::Assign(BrokerWorker* worker, nng_msg* msg, uint32_t tag) {
  SetState(worker, BrokerWorker::State::Sending);
  worker->tag = tag;
  worker->assigned++;
  if (keep_ && nng_msg_dup(&worker->kept, msg) != 0) worker->kept = nullptr;
  nng_aio_set_msg(worker->aio, msg);
  nng_ctx_send(worker->ctx, worker->aio);
}

// False if nothing is queued, or memory ran out for the request's message: it then stays
// first in line until the next push, resume or reply tries again (with no worker busy and
// nothing pushed, that is a stall, which only an allocator already failing can cause).
bool BrokerCore::StartNext(BrokerWorker* worker) {
  uint32_t tag;
  nng_msg* msg;
  if (queue_.PopFront(&tag, &msg) != 0) return false;
  Assign(worker, msg, tag);
  return true;
}

void BrokerCore::DispatchIdle() {
  while (queue_.Live() > 0 && !idle_.empty()) {
    if (!StartNext(workers_[*idle_.begin()])) return;
  }
}

// Back in line in tag order (it left from the front, so it goes near the front).
void BrokerCore::Requeue(nng_msg* msg, uint32_t tag) {
  queue_.Insert(tag, msg);
}

// To the reply listener with `tag`, the tag of the request it answers (a reply is routed by
// what was sent, never by what a peer wrote in it); else out on the forward socket, else nowhere.
void BrokerCore::Deliver(nng_msg* reply, uint32_t tag) {
  if (replies_) {
    BrokerEvent* event = new BrokerEvent(replies_, false, 0, tag, 0, reply);
    if (!replies_->core->Post(event)) event->Discard();
    return;
  }
  if (!forwarding_) {
    nng_msg_free(reply);
    return;
  }
  BrokerForward* forward = TakeOrMake(free_forwards_, BrokerForward::OnSent, [this](BrokerForward* made) {
    made->broker = this;
    forwards_.push_back(made);
  });
  if (forward == nullptr) {
    nng_msg_free(reply);
    return;
  }
  // The worker socket's header (its request id) means nothing to the forward socket.
  nng_msg_header_clear(reply);
  nng_aio_set_msg(forward->aio, reply);
  nng_send_aio(forward_, forward->aio);
}

// --- NNG callbacks -------------------------------------------------------------------

void BrokerCore::SetLastMark(uint32_t offset, uint8_t mask) {
  std::lock_guard<std::mutex> hold(mtx_);
  last_offset_ = offset;
  last_mask_ = mask;
}

bool BrokerCore::IsLast(nng_msg* reply) const {
  if (last_mask_ == 0 || nng_msg_len(reply) <= last_offset_) return false;
  return (static_cast<const uint8_t*>(nng_msg_body(reply))[last_offset_] & last_mask_) != 0;
}

void BrokerWorker::OnDone(void* arg) {
  BrokerWorker* worker = static_cast<BrokerWorker*>(arg);
  worker->broker->Completed(worker);
}

// Posting to a Core under mtx_ is safe: it never blocks, and a sink is dropped under mtx_
// before its Core goes away.
void BrokerCore::Completed(BrokerWorker* worker) {
  using State = BrokerWorker::State;
  int rv = nng_aio_result(worker->aio);
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
    // Taken back by a pause that a resume has since undone: the worker goes on.
    bool resumed = rv == NNG_ECANCELED && !worker->pausing && !gone;
    worker->pausing = false;
    SetState(worker, resumed ? State::Idle : State::Paused);
    if (!gone) DispatchIdle();
    return;
  }
  if (worker->state != State::Receiving) return;
  if (rv == 0) {
    nng_msg* reply = nng_aio_get_msg(worker->aio);
    nng_aio_set_msg(worker->aio, nullptr);
    uint32_t tag = worker->tag;  // StartNext gives the worker its next request's
    worker->complete++;
    FreeMsg(worker->kept);
    SetState(worker, worker->pausing || IsLast(reply) ? State::Paused : State::Idle);
    worker->pausing = false;
    if (gone) {
      nng_msg_free(reply);
      return;
    }
    if (worker->state == State::Idle) StartNext(worker);
    Deliver(reply, tag);
    return;
  }
  worker->pausing = false;
  SetState(worker, State::Paused);
  if (gone || !failures_) {
    FreeMsg(worker->kept);
    return;
  }
  BrokerEvent* event = new BrokerEvent(failures_, true, worker->id, worker->tag, rv, worker->kept);
  worker->kept = nullptr;
  if (!failures_->core->Post(event)) event->Discard();
}

void BrokerForward::OnSent(void* arg) {
  BrokerForward* forward = static_cast<BrokerForward*>(arg);
  forward->broker->Sent(forward);
}

void BrokerCore::Sent(BrokerForward* forward) {
  if (nng_aio_result(forward->aio) != 0) {
    nng_msg* msg = nng_aio_get_msg(forward->aio);
    FreeMsg(msg);
  }
  nng_aio_set_msg(forward->aio, nullptr);
  std::lock_guard<std::mutex> hold(mtx_);
  // As many forward ops exist as replies were ever in flight at once; all are freed at teardown.
  if (!closed_) free_forwards_.push_back(forward);
}

// --- the JavaScript handle ----------------------------------------------------------

Napi::Function Broker::Init(Napi::Env env) {
  // A line per concern: the queue, workers, their counts, pausing, replies, forwarding, properties.
  return DefineClass(env, "Broker", {
      InstanceMethod<&Broker::Push>("push"), InstanceMethod<&Broker::CancelQueued>("cancelQueued"),
      InstanceMethod<&Broker::Attach>("attach"), InstanceMethod<&Broker::Detach>("detach"),
      InstanceMethod<&Broker::WorkerOf>("workerOf"), InstanceMethod<&Broker::Counts>("counts"),
      InstanceMethod<&Broker::Resume>("resume"), InstanceMethod<&Broker::Pause>("pause"),
      InstanceMethod<&Broker::MarkLast>("markLast"),
      InstanceMethod<&Broker::OnReply>("onReply"), InstanceMethod<&Broker::OnFailure>("onFailure"),
      InstanceMethod<&Broker::Forward>("forward"), InstanceMethod<&Broker::Close>("close"),
      InstanceAccessor<&Broker::GetQueued>("queued"), InstanceAccessor<&Broker::GetId>("id"),
  });
}

// new Broker(keep: boolean) makes a broker; new Broker(id: number) joins one.
Broker::Broker(const Napi::CallbackInfo& info) : Wrapped<Broker>(info), core_(Module::CoreOf(info.Env())) {
  Napi::Env env = info.Env();
  if (!info.IsConstructCall()) ThrowType(env, "Broker must be called with new");
  if (info[0].IsNumber()) {
    id_ = UintArg(info, 0, 0, "id");
    std::lock_guard<std::mutex> hold(registry_lock);
    auto it = registry.find(id_);
    if (it != registry.end()) broker_ = it->second.lock();
    if (!broker_) throw NngError(env, NNG_ENOENT);
  } else {
    broker_ = std::make_shared<BrokerCore>(BoolArg(info, 0, false));
    id_ = next_id++;
    std::lock_guard<std::mutex> hold(registry_lock);
    registry[id_] = broker_;
  }
  core_->Track(this);
}

Broker::~Broker() {
  CloseHandle();
  core_->Untrack(this);
}

// This environment lets go: its listeners stop, and the last handle shuts the broker.
void Broker::CloseHandle() {
  if (!broker_) return;
  for (auto* sink : {&reply_sink_, &failure_sink_}) {
    if (!*sink) continue;
    broker_->DropSink(*sink);
    (*sink)->listener.Reset();
  }
  std::shared_ptr<BrokerCore> broker = std::move(broker_);
  std::lock_guard<std::mutex> hold(registry_lock);
  if (broker.use_count() == 1) registry.erase(id_);
}

std::shared_ptr<BrokerCore> Broker::Live(Napi::Env env) const {
  if (!broker_) throw NngError(env, NNG_ECLOSED);
  return broker_;
}

// push(data, tag, transfer)
Napi::Value Broker::Push(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto broker = Live(env);
  uint32_t tag = UintArg(info, 1, 0, "tag");
  if (BoolArg(info, 2, false)) {
    Check(env, broker->Push(MsgFromValue(env, *core_, info[0], true), tag));
    return env.Undefined();
  }
  std::vector<Napi::Value> parts = PartsOf(env, info[0]);
  size_t length = PackedLength(env, parts);
  // Too large to pack, or out of room for packing: a message of its own, from the same parts.
  int rv = length <= RequestQueue::kPackedMax ? broker->PushPacked(env, parts, length, tag) : NNG_ENOMEM;
  if (rv == NNG_ENOMEM) rv = broker->Push(MsgFromParts(env, parts), tag);
  Check(env, rv);
  return env.Undefined();
}

// attach(worker, socket): a worker over a new context on `socket`, paused until resumed.
void Broker::Attach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto broker = Live(env);
  uint32_t id = UintArg(info, 0, 0, "worker");
  nng_socket sock = Socket::FromValue(env, info[1], "socket")->Handle(env);
  Check(env, broker->Attach(id, sock));
}

// resume(worker, data?, tag?)
void Broker::Resume(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto broker = Live(env);
  uint32_t id = UintArg(info, 0, 0, "worker");
  bool first = info.Length() > 1 && !IsMissing(info[1]);
  uint32_t tag = first ? UintArg(info, 2, 0, "tag") : 0;
  nng_msg* msg = first ? MsgFromValue(env, *core_, info[1], false) : nullptr;
  Check(env, broker->Resume(id, msg, tag));
}

void Broker::Pause(const Napi::CallbackInfo& info) {
  Live(info.Env())->Pause(UintArg(info, 0, 0, "worker"));
}

void Broker::MarkLast(const Napi::CallbackInfo& info) {
  uint32_t offset = UintArg(info, 0, 0, "offset");
  uint32_t mask = UintArg(info, 1, 0, "mask");
  if (mask == 0 || mask > 0xff) ThrowRange(info.Env(), "mask must be a bit mask of one byte (1 to 255)");
  Live(info.Env())->SetLastMark(offset, static_cast<uint8_t>(mask));
}

Napi::Value Broker::Detach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t tag = 0;
  bool busy = Live(env)->Detach(UintArg(info, 0, 0, "worker"), &tag);
  return busy ? Napi::Number::New(env, tag) : env.Null();
}

Napi::Value Broker::CancelQueued(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Napi::Boolean::New(env, Live(env)->CancelQueued(UintArg(info, 0, 0, "tag")));
}

Napi::Value Broker::WorkerOf(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint32_t id = 0;
  return Live(env)->WorkerOf(UintArg(info, 0, 0, "tag"), &id) ? Napi::Number::New(env, id) : env.Null();
}

// counts(worker, reset?): [assigned, complete] since attached or last reset.
Napi::Value Broker::Counts(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  double assigned = 0;
  double complete = 0;
  Live(env)->Counts(UintArg(info, 0, 0, "worker"), BoolArg(info, 1, false), &assigned, &complete);
  Napi::Array counts = Napi::Array::New(env, 2);
  counts.Set(0u, Napi::Number::New(env, assigned));
  counts.Set(1u, Napi::Number::New(env, complete));
  return counts;
}

void Broker::OnReply(const Napi::CallbackInfo& info) { Listen(info, true); }

void Broker::OnFailure(const Napi::CallbackInfo& info) { Listen(info, false); }

// Delivered on this environment's thread, through its Core.
void Broker::Listen(const Napi::CallbackInfo& info, bool replies) {
  Napi::Env env = info.Env();
  auto broker = Live(env);
  if (!info[0].IsFunction()) ThrowType(env, "listener must be a function");
  auto& sink = replies ? reply_sink_ : failure_sink_;
  if (sink) sink->listener.Reset();
  sink = std::make_shared<BrokerSink>();
  sink->core = core_.get();
  sink->listener = Napi::Persistent(info[0].As<Napi::Function>());
  broker->SetSink(replies, sink);
}

// forward(socket): replies go out on `socket` while no reply listener is set.
void Broker::Forward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Live(env)->SetForward(Socket::FromValue(env, info[0], "socket")->Handle(env));
}

Napi::Value Broker::GetQueued(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Live(info.Env())->QueuedCount()));
}

Napi::Value Broker::GetId(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), id_); }

// close(): shuts the broker for every handle (workers stop, queued requests are dropped).
void Broker::Close(const Napi::CallbackInfo&) {
  if (broker_) broker_->Shut();
  CloseHandle();
}

}  // namespace mirai
