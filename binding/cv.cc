// A mutex + condition variable (nng_mtx, nng_cv) to block a thread until signalled.
#include "cv.h"

#include <limits>

#include "args.h"
#include "errors.h"
#include "module.h"

namespace mirai {

// --- state ------------------------------------------------------------------------

CvState::CvState() {
  if (nng_mtx_alloc(&mtx_) != 0 || nng_cv_alloc(&cv_, mtx_) != 0) throw std::bad_alloc();
}

CvState::~CvState() {
  if (cv_) nng_cv_free(cv_);
  if (mtx_) nng_mtx_free(mtx_);
}

void CvState::Signal() {
  nng_mtx_lock(mtx_);
  count_++;
  nng_cv_wake(cv_);
  nng_mtx_unlock(mtx_);
}

bool CvState::Wait(nng_duration timeout) {
  nng_time deadline = timeout < 0 ? 0 : nng_clock() + static_cast<nng_time>(timeout);
  nng_mtx_lock(mtx_);
  while (count_ == 0 && !closed_) {
    if (timeout < 0) {
      nng_cv_wait(cv_);
    } else if (nng_cv_until(cv_, deadline) == NNG_ETIMEDOUT) {
      break;
    }
  }
  bool signalled = count_ > 0;
  if (signalled) count_--;
  nng_mtx_unlock(mtx_);
  return signalled;
}

void CvState::Close() {
  nng_mtx_lock(mtx_);
  closed_ = true;
  nng_cv_wake(cv_);
  nng_mtx_unlock(mtx_);
}

void CvState::Reset() {
  nng_mtx_lock(mtx_);
  count_ = 0;
  nng_mtx_unlock(mtx_);
}

uint64_t CvState::Value() {
  nng_mtx_lock(mtx_);
  uint64_t value = count_;
  nng_mtx_unlock(mtx_);
  return value;
}

// --- asynchronous wait --------------------------------------------------------

namespace {

// Waits on the libuv thread pool, so the JavaScript thread stays free. It holds its Cv: a Cv
// collected while a wait is pending would leave the wait to the process's exit, which closes
// only the Cvs still alive, and Node 24 joins the thread pool as it exits.
class WaitWorker : public Napi::AsyncWorker {
 public:
  WaitWorker(Napi::Object cv, std::shared_ptr<CvState> state, nng_duration timeout)
      : Napi::AsyncWorker(cv.Env(), "mirai.cv.wait"), deferred_(Napi::Promise::Deferred::New(cv.Env())),
        cv_(Napi::Persistent(cv)), state_(std::move(state)), timeout_(timeout) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override { signalled_ = state_->Wait(timeout_); }
  void OnOK() override { deferred_.Resolve(Napi::Boolean::New(Env(), signalled_)); }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference cv_;
  std::shared_ptr<CvState> state_;
  nng_duration timeout_;
  bool signalled_ = false;
};

nng_duration WaitTimeout(const Napi::CallbackInfo& info) {
  nng_duration timeout = TimeoutArg(info, 0);
  return timeout == NNG_DURATION_DEFAULT ? NNG_DURATION_INFINITE : timeout;
}

}  // namespace

// --- the JavaScript class -------------------------------------------------------

Napi::Function Cv::Init(Napi::Env env) {
  // A line per concern: waiting, signalling, the count.
  return DefineClass(env, "Cv", {
      InstanceMethod<&Cv::Wait>("wait"), InstanceMethod<&Cv::WaitAsync>("waitAsync"),
      InstanceMethod<&Cv::Signal>("signal"), InstanceMethod<&Cv::Reset>("reset"),
      InstanceAccessor<&Cv::GetValue>("value"),
  });
}

Cv::Cv(const Napi::CallbackInfo& info)
    : Wrapped<Cv>(info), state_(std::make_shared<CvState>()), core_(Module::CoreOf(info.Env())) {
  core_->Track(this);
}

Cv::~Cv() { core_->Untrack(this); }

Napi::Value Cv::Wait(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), state_->Wait(WaitTimeout(info)));
}

Napi::Value Cv::WaitAsync(const Napi::CallbackInfo& info) {
  WaitWorker* worker = new WaitWorker(info.This().As<Napi::Object>(), state_, WaitTimeout(info));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

void Cv::Signal(const Napi::CallbackInfo&) { state_->Signal(); }

void Cv::Reset(const Napi::CallbackInfo&) { state_->Reset(); }

Napi::Value Cv::GetValue(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(state_->Value()));
}

}  // namespace mirai
