// Pipe events: a peer connecting to or leaving a socket, told to JavaScript and/or a Cv.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <memory>
#include <mutex>
#include <unordered_set>

#include "core.h"
#include "cv.h"

namespace mirai {

// Watches one socket's pipes. Lives as long as the socket wrapper; NNG stops calling it once
// the socket is closed.
class PipeWatch {
 public:
  PipeWatch(Core* core, nng_socket sock) : core_(core), sock_(sock) {}
  PipeWatch(const PipeWatch&) = delete;
  PipeWatch& operator=(const PipeWatch&) = delete;

  // JavaScript thread only. An empty function stops the events.
  void SetListener(Napi::Env env, Napi::Value listener);
  void SetCv(std::shared_ptr<CvState> cv, bool on_add, bool on_remove);
  // Called on the JavaScript thread for each queued event.
  void Emit(Napi::Env env, bool added, uint32_t pipe);
  // Closing the socket: queued events are dropped from here on.
  void Detach();

 private:
  static void OnPipe(nng_pipe pipe, nng_pipe_ev event, void* arg);
  void Register(Napi::Env env);

  Core* core_;
  nng_socket sock_;
  bool registered_ = false;
  bool attached_ = true;
  Napi::FunctionReference listener_;
  std::mutex lock_;  // guards what NNG threads read: the Cv and the flags
  bool to_js_ = false;
  std::shared_ptr<CvState> cv_;
  bool cv_add_ = false;
  bool cv_remove_ = false;
  // Pipes announced as added: NNG also reports the removal of a pipe it refused before adding
  // it (a peer of the wrong protocol), which must not count as a peer leaving.
  std::unordered_set<uint32_t> added_;
  std::shared_ptr<PipeWatch*> self_ = std::make_shared<PipeWatch*>(this);
  friend struct PipeEventCompletion;
};

}  // namespace mirai
