// Asynchronous operations on nng_aio, settled on the JavaScript thread through Core's hand-off.
#include "aio.h"

#include "args.h"
#include "errors.h"
#include "msg.h"
#include "signal_rule.h"

namespace mirai {

// --- op lists -----------------------------------------------------------------

void OpList::Add(Op* op) {
  if (count_++ == 0 && keeper_) keeper_->Hold(true);
  op->owner = this;
  op->own_prev = nullptr;
  op->own_next = head_;
  if (head_) head_->own_prev = op;
  head_ = op;
  if (op->tag == 0) return;
  Op*& first = tagged_[op->tag];
  op->tag_prev = nullptr;
  op->tag_next = first;
  if (first) first->tag_prev = op;
  first = op;
}

void OpList::Untag(Op* op) {
  if (op->tag == 0) return;
  if (op->tag_next) op->tag_next->tag_prev = op->tag_prev;
  if (op->tag_prev) {
    op->tag_prev->tag_next = op->tag_next;
  } else if (op->tag_next) {
    tagged_[op->tag] = op->tag_next;
  } else {
    tagged_.erase(op->tag);
  }
  op->tag_prev = op->tag_next = nullptr;
}

void OpList::Remove(Op* op) {
  Untag(op);
  if (op->own_prev) op->own_prev->own_next = op->own_next;
  else head_ = op->own_next;
  if (op->own_next) op->own_next->own_prev = op->own_prev;
  op->owner = nullptr;
  op->own_prev = op->own_next = nullptr;
  if (--count_ == 0 && keeper_) keeper_->Hold(false);
}

void OpList::Cancel(uint32_t tag) {
  if (tag != 0) {
    // A cancellation completes later, on an NNG thread: nothing leaves the index meanwhile.
    auto found = tagged_.find(tag);
    if (found == tagged_.end()) return;
    for (Op* op = found->second; op; op = op->tag_next) op->Cancel();
    return;
  }
  for (Op* op = head_; op; op = op->own_next) op->Cancel();
}

void OpList::Disown() {
  Op* op = head_;
  while (op) {
    Op* next = op->own_next;
    op->owner = nullptr;
    op->own_prev = op->own_next = nullptr;
    op = next;
  }
  head_ = nullptr;
  tagged_.clear();
  if (count_ > 0 && keeper_) keeper_->Hold(false);
  count_ = 0;
}

// --- starting operations ------------------------------------------------------

namespace {

Op* Begin(Napi::Env env, Core& core, OpList& owner, const Target& target, OpKind kind,
          nng_duration timeout, uint32_t tag, napi_value* promise, std::shared_ptr<ContextPool> pool = nullptr) {
  if (core.shutting_down()) throw NngError(env, NNG_ECLOSED);
  Op* op = core.AcquireOp();
  if (napi_create_promise(env, &op->deferred, promise) != napi_ok) {
    core.ReleaseOp(op);
    throw Napi::Error::New(env, "cannot create a promise");
  }
  op->kind = kind;
  op->target = target;
  op->timeout = timeout;
  op->deadline = timeout > 0 ? nng_clock() + static_cast<nng_time>(timeout) : 0;
  op->tag = tag;
  op->pool = std::move(pool);
  owner.Add(op);
  core.AddPending();
  nng_aio_set_timeout(op->aio, timeout);
  return op;
}

void SubmitSend(Op* op) {
  if (op->target.is_ctx) nng_ctx_send(op->target.ctx, op->aio);
  else nng_send_aio(op->target.sock, op->aio);
}

void SubmitRecv(Op* op) {
  if (op->target.is_ctx) nng_ctx_recv(op->target.ctx, op->aio);
  else nng_recv_aio(op->target.sock, op->aio);
}

}  // namespace

namespace {

// Sends `msg` as the first step of `kind` (a send, or a request that then receives).
Napi::Value StartWithMessage(Napi::Env env, Core& core, OpList& owner, const Target& target, OpKind kind,
                             nng_msg* msg, nng_duration timeout, uint32_t tag,
                             std::shared_ptr<ContextPool> pool = nullptr) {
  napi_value promise;
  Op* op;
  try {
    op = Begin(env, core, owner, target, kind, timeout, tag, &promise, std::move(pool));
  } catch (...) {
    nng_msg_free(msg);
    throw;
  }
  nng_aio_set_msg(op->aio, msg);
  SubmitSend(op);
  return Napi::Value(env, promise);
}

}  // namespace

Outgoing ReadOutgoing(const Napi::CallbackInfo& info, Core& core, bool with_pipe) {
  nng_duration timeout = TimeoutArg(info, 1);
  bool transfer = BoolArg(info, 2, false);
  uint32_t pipe = with_pipe ? UintArg(info, 3, 0, "pipe") : 0;
  uint32_t tag = UintArg(info, with_pipe ? 4 : 3, 0, "tag");
  bool from = !with_pipe && BoolArg(info, 4, false);
  nng_msg* msg = MsgFromValue(info.Env(), core, info[0], transfer);
  if (pipe != 0) {
    nng_pipe p = NNG_PIPE_INITIALIZER;
    p.id = pipe;
    nng_msg_set_pipe(msg, p);
  }
  return Outgoing{msg, timeout, tag, from};
}

Napi::Value StartSend(Napi::Env env, Core& core, OpList& owner, const Target& target, const Outgoing& out) {
  return StartWithMessage(env, core, owner, target, OpKind::Send, out.msg, out.timeout, out.tag);
}

Napi::Value StartRequest(Napi::Env env, Core& core, OpList& owner, const Target& target, const Outgoing& out,
                         std::shared_ptr<ContextPool> pool) {
  OpKind kind = out.from ? OpKind::RequestFrom : OpKind::Request;
  return StartWithMessage(env, core, owner, target, kind, out.msg, out.timeout, out.tag, std::move(pool));
}

Napi::Value StartRecv(const Napi::CallbackInfo& info, Core& core, OpList& owner, const Target& target, OpKind kind) {
  Napi::Env env = info.Env();
  nng_duration timeout = TimeoutArg(info, 0);
  uint32_t tag = UintArg(info, 1, 0, "tag");
  napi_value promise;
  Op* op = Begin(env, core, owner, target, kind, timeout, tag, &promise);
  SubmitRecv(op);
  return Napi::Value(env, promise);
}

// --- aio completion (NNG thread) ---------------------------------------------------

namespace {

// What a request's timeout leaves for its receive once its send went through (a send can wait
// long for a peer to connect); without a deadline, the timeout as given (or the default). At
// least 1 ms: a zero timeout fails the receive before the protocol sees it, which leaves req's
// context holding its request, where an expiry cancels and resets it.
nng_duration ReceiveTimeout(const Op* op) {
  if (op->deadline == 0) return op->timeout;
  nng_time now = nng_clock();
  return now + 1 < op->deadline ? static_cast<nng_duration>(op->deadline - now) : 1;
}

// A request whose send went through moves on to its receive, from the same callback, so that
// the reply costs no trip through JavaScript. False if it was cancelled in between.
bool ContinueRequest(Op* op) {
  std::lock_guard<std::mutex> hold(op->phase_lock);
  if (op->cancelled) return false;
  op->receiving = true;
  nng_aio_set_timeout(op->aio, ReceiveTimeout(op));
  SubmitRecv(op);
  return true;
}

}  // namespace

void Op::OnDone(void* arg) {
  Op* op = static_cast<Op*>(arg);
  int rv = nng_aio_result(op->aio);
  bool requesting = op->kind == OpKind::Request || op->kind == OpKind::RequestFrom;
  bool sending = op->kind == OpKind::Send || (requesting && !op->receiving);
  if (sending) {
    if (rv != 0) {
      // NNG gives an unsent message back to its owner.
      nng_msg_free(nng_aio_get_msg(op->aio));
      nng_aio_set_msg(op->aio, nullptr);
    } else if (requesting) {
      if (ContinueRequest(op)) return;
      rv = NNG_ECANCELED;
    }
  } else if (rv == 0) {
    op->msg = nng_aio_get_msg(op->aio);
    nng_aio_set_msg(op->aio, nullptr);
    op->pipe = nng_msg_get_pipe(op->msg).id;
    CheckSignalRule(nng_socket_id(op->target.sock), op->msg);
  } else if (rv == NNG_ECONNRESET) {
    // A request reset because its peer was lost names that peer (deps/patches).
    op->pipe = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(nng_aio_get_output(op->aio, 1)));
  }
  op->result = rv;
  op->posted.store(true, std::memory_order_release);
  // Fails only while the environment is torn down; Core::Shutdown then frees the op.
  if (!op->core->Post(op)) op->posted.store(false, std::memory_order_release);
}

void Op::Cancel() {
  std::lock_guard<std::mutex> hold(phase_lock);
  cancelled = true;
  nng_aio_cancel(aio);
}

// --- delivery (JavaScript thread) ------------------------------------------------

void Op::Deliver(Napi::Env env) {
  Core& c = *core;
  if (owner) owner->Remove(this);
  napi_deferred d = deferred;
  deferred = nullptr;
  int rv = result;
  nng_msg* m = msg;
  msg = nullptr;
  OpKind k = kind;
  uint32_t p = pipe;
  nng_ctx ctx = target.ctx;
  std::shared_ptr<ContextPool> lender = std::move(pool);
  c.ReleaseOp(this);
  c.RemovePending();
  if (lender) {
    if (rv == 0) lender->Give(ctx);
    else lender->Discard(ctx);
  }

  Napi::HandleScope scope(env);
  if (rv != 0) {
    Napi::Error error = NngError(env, rv);
    if (p != 0) error.Set("pipe", Napi::Number::New(env, p));
    napi_reject_deferred(env, d, error.Value());
    return;
  }
  Napi::Value value;
  switch (k) {
    case OpKind::Send:
      value = env.Undefined();
      break;
    case OpKind::RecvFrom:
    case OpKind::RequestFrom: {
      Napi::Array pair = Napi::Array::New(env, 2);
      pair.Set(0u, BufferFromMsg(env, c, m));
      pair.Set(1u, Napi::Number::New(env, p));
      value = pair;
      break;
    }
    default:
      value = BufferFromMsg(env, c, m);
  }
  napi_resolve_deferred(env, d, value);
}

void Op::Discard() {
  if (msg) nng_msg_free(msg);
  msg = nullptr;
  nng_aio_free(aio);
  aio = nullptr;
  delete this;
}

}  // namespace mirai
