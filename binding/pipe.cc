// Pipe events: NNG's pipe notifications, handed to JavaScript and to a Cv.
#include "pipe.h"

#include "errors.h"

namespace mirai {

// --- the event in flight --------------------------------------------------------

struct PipeEventCompletion final : Completion {
  std::shared_ptr<PipeWatch*> watch;
  bool added;
  uint32_t pipe;

  void Deliver(Napi::Env env) override {
    std::unique_ptr<PipeEventCompletion> self(this);
    if (PipeWatch* target = *watch) target->Emit(env, added, pipe);
  }
  void Discard() override { delete this; }
};

// --- NNG thread ---------------------------------------------------------------------

void PipeWatch::OnPipe(nng_pipe pipe, nng_pipe_ev event, void* arg) {
  PipeWatch* watch = static_cast<PipeWatch*>(arg);
  std::lock_guard<std::mutex> hold(watch->lock_);
  if (event == NNG_PIPE_EV_ADD_PRE) {
    watch->Admit(pipe);
    return;
  }
  bool added = event == NNG_PIPE_EV_ADD_POST;
  if (added) watch->added_.insert(pipe.id);
  // A removal is told in this same locked section that frees its place: a peer admitted in
  // that place is told after it, so listeners never see two peers where the limit is one.
  else if (!watch->Forget(pipe)) return;
  if (watch->cv_ && (added ? watch->cv_add_ : watch->cv_remove_)) watch->cv_->Signal();
  if (watch->to_js_) {
    auto* completion = new PipeEventCompletion();
    completion->watch = watch->self_;
    completion->added = added;
    completion->pipe = pipe.id;
    if (!watch->core_->Post(completion)) delete completion;
  }
}

void PipeWatch::Admit(nng_pipe pipe) {
  if (limit_ != 0 && admitted_.size() >= limit_) {
    // Closed in ADD_PRE, NNG never starts the pipe: no message goes to it, and as it is never
    // added, its removal is not told either.
    nng_pipe_close(pipe);
    return;
  }
  admitted_.insert(pipe.id);
}

bool PipeWatch::Forget(nng_pipe pipe) {
  admitted_.erase(pipe.id);
  return added_.erase(pipe.id) > 0;
}

// --- JavaScript thread ------------------------------------------------------------

void PipeWatch::Register(Napi::Env env) {
  if (registered_) return;
  Check(env, nng_pipe_notify(sock_, NNG_PIPE_EV_ADD_POST, OnPipe, this));
  Check(env, nng_pipe_notify(sock_, NNG_PIPE_EV_REM_POST, OnPipe, this));
  registered_ = true;
}

void PipeWatch::SetListener(Napi::Env env, Napi::Value listener) {
  if (listener.IsFunction()) {
    Register(env);
    listener_ = Napi::Persistent(listener.As<Napi::Function>());
  } else {
    listener_.Reset();
  }
  std::lock_guard<std::mutex> hold(lock_);
  to_js_ = !listener_.IsEmpty();
}

void PipeWatch::SetCv(std::shared_ptr<CvState> cv, bool on_add, bool on_remove) {
  if (cv) Register(core_->env());
  std::lock_guard<std::mutex> hold(lock_);
  cv_ = std::move(cv);
  cv_add_ = on_add;
  cv_remove_ = on_remove;
}

void PipeWatch::SetLimit(Napi::Env env, uint32_t limit) {
  {
    std::lock_guard<std::mutex> hold(lock_);
    limit_ = limit;
  }
  if (admitting_) return;
  // Pipes that connected before this was heard are not counted: hence before listen or dial.
  Check(env, nng_pipe_notify(sock_, NNG_PIPE_EV_ADD_PRE, OnPipe, this));
  admitting_ = true;
}

void PipeWatch::Emit(Napi::Env env, bool added, uint32_t pipe) {
  if (!attached_ || listener_.IsEmpty()) return;
  Napi::HandleScope scope(env);
  listener_.Call({Napi::String::New(env, added ? "add" : "remove"), Napi::Number::New(env, pipe)});
}

void PipeWatch::Detach() {
  attached_ = false;
  *self_ = nullptr;
  listener_.Reset();
  std::lock_guard<std::mutex> hold(lock_);
  to_js_ = false;
  cv_.reset();
}

}  // namespace mirai
