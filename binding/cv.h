// A mutex + condition variable with a counter: signal adds one, a wait takes one.
#pragma once

#include <napi.h>
#include <nng/nng.h>
#include <nng/supplemental/util/platform.h>

#include <memory>

#include "core.h"
#include "wrap.h"

namespace mirai {

// Shared between the JavaScript object and the sockets that signal it from NNG threads.
class CvState {
 public:
  CvState();
  ~CvState();
  CvState(const CvState&) = delete;
  CvState& operator=(const CvState&) = delete;

  void Signal();
  // Waits until signalled or `timeout` ms pass (negative: forever); true if signalled.
  bool Wait(nng_duration timeout);
  void Reset();
  uint64_t Value();
  // Wakes every waiter for good: waits return false from now on (the environment is ending).
  void Close();

 private:
  nng_mtx* mtx_ = nullptr;
  nng_cv* cv_ = nullptr;
  uint64_t count_ = 0;
  bool closed_ = false;
};

class Cv : public Wrapped<Cv>, public Closeable {
 public:
  static Napi::Function Init(Napi::Env env);
  explicit Cv(const Napi::CallbackInfo& info);
  ~Cv() override;
  std::shared_ptr<CvState> state() const { return state_; }
  // At teardown: a thread blocked in wait or waitAsync must not keep the process alive.
  void CloseHandle() override { state_->Close(); }

 private:
  JsMethod Wait, WaitAsync, GetValue;
  JsAction Signal, Reset;

  std::shared_ptr<CvState> state_;
  CoreRef core_;
};

}  // namespace mirai
