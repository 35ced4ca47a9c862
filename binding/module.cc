// The addon instance: registers the classes and ties teardown to the environment.
#include "module.h"

#include <nng/supplemental/tls/tls.h>

#include "broker.h"
#include "context.h"
#include "cv.h"
#include "endpoint.h"
#include "msg.h"
#include "signal_rule.h"
#include "socket.h"
#include "tls.h"

namespace mirai {

Module::Module(Napi::Env env, Napi::Object exports) : core_(std::make_shared<Core>(env)) {
  Napi::Function socket = Socket::Init(env);
  Napi::Function cv = Cv::Init(env);
  Napi::Function tls = TlsConfig::Init(env);
  socket_class = Napi::Persistent(socket);
  cv_class = Napi::Persistent(cv);
  tls_class = Napi::Persistent(tls);

  Napi::Object versions = Napi::Object::New(env);
  versions.Set("nng", nng_version());
  versions.Set("mbedtls", MbedtlsVersion());
  versions.Set("tlsEngine", nng_tls_engine_name());

  exports.Set("Socket", socket);
  exports.Set("Context", Context::Init(env));
  exports.Set("Broker", Broker::Init(env));
  exports.Set("Listener", Listener::Init(env));
  exports.Set("Dialer", Dialer::Init(env));
  exports.Set("TlsConfig", tls);
  exports.Set("Cv", cv);
  exports.Set("generateCertificate", Napi::Function::New(env, GenerateCertificate, "generateCertificate"));
  exports.Set("strerror", Napi::Function::New(env, [](const Napi::CallbackInfo& info) -> Napi::Value {
                if (!info[0].IsNumber()) throw Napi::TypeError::New(info.Env(), "code must be a number");
                return Napi::String::New(info.Env(), nng_strerror(info[0].As<Napi::Number>().Int32Value()));
              }));
  exports.Set("reuseMessageStorage", Napi::Function::New(env, ReuseMessageStorage, "reuseMessageStorage"));
  exports.Set("raiseThroughGate", Napi::Function::New(env, RaiseThroughGateJs, "raiseThroughGate"));
  exports.Set("versions", versions);
  // For process.on('exit'): environment cleanup does not run when the main thread calls
  // process.exit(), but sockets should still close (ipc files go) and blocked waits end.
  exports.Set("shutdown", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
                Module::CoreOf(info.Env())->Shutdown();
              }));

  // Registered after the hand-off was created, so it runs before the hand-off's own cleanup.
  napi_add_env_cleanup_hook(env, Cleanup, core_.get());
}

void Module::Cleanup(void* arg) { static_cast<Core*>(arg)->Shutdown(); }

}  // namespace mirai

using mirai::Module;
NODE_API_NAMED_ADDON(mirai, Module)
