// released(): the reaper's queue drained, waited for on a libuv thread, not JavaScript's.
#include "released.h"

// NNG's own (core/reap.h), not in its public API: returns once the reaper thread has emptied
// its queue. Static linking makes it reachable; NNG is vendored at one release.
extern "C" void nni_reap_drain(void);

namespace mirai {

namespace {

class ReleaseWorker final : public Napi::AsyncWorker {
 public:
  explicit ReleaseWorker(Napi::Env env)
      : Napi::AsyncWorker(env, "mirai:released"), deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override { nni_reap_drain(); }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
};

}  // namespace

Napi::Value Released(const Napi::CallbackInfo& info) {
  ReleaseWorker* worker = new ReleaseWorker(info.Env());
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace mirai
