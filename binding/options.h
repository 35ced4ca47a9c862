// Options: NNG's named options read and written on sockets, contexts, dialers and listeners.
#pragma once

#include <napi.h>
#include <nng/nng.h>

namespace mirai {

Napi::Value GetOption(Napi::Env env, nng_socket handle, const std::string& name);
Napi::Value GetOption(Napi::Env env, nng_ctx handle, const std::string& name);
Napi::Value GetOption(Napi::Env env, nng_dialer handle, const std::string& name);
Napi::Value GetOption(Napi::Env env, nng_listener handle, const std::string& name);

void SetOption(Napi::Env env, nng_socket handle, const std::string& name, Napi::Value value);
void SetOption(Napi::Env env, nng_ctx handle, const std::string& name, Napi::Value value);
void SetOption(Napi::Env env, nng_dialer handle, const std::string& name, Napi::Value value);
void SetOption(Napi::Env env, nng_listener handle, const std::string& name, Napi::Value value);

}  // namespace mirai
