// The addon instance: one per environment (main thread, each worker, each Electron renderer).
#pragma once

#include <napi.h>

#include "core.h"

namespace mirai {

class Module : public Napi::Addon<Module> {
 public:
  Module(Napi::Env env, Napi::Object exports);

  static CoreRef CoreOf(Napi::Env env) { return env.GetInstanceData<Module>()->core_; }

  Napi::FunctionReference socket_class;
  Napi::FunctionReference cv_class;
  Napi::FunctionReference tls_class;

 private:
  static void Cleanup(void* arg);
  CoreRef core_;
};

}  // namespace mirai
