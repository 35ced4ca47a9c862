// Pipe events: a peer connecting to or leaving a socket, told to JavaScript and/or a Cv.
#pragma once

#include <napi.h>
#include <nng/nng.h>

#include <memory>
#include <mutex>
#include <string>
#include <deque>
#include <unordered_set>

#include "core.h"
#include "cv.h"

namespace mirai {

// Where the peer at the other end of `pipe` is, as a URL-like string: tcp://10.0.0.2:41234,
// tcp://[::1]:41234, ipc:///path, abstract://name, inproc://name. Empty when the pipe is gone
// (or not of `sock`) or its transport has no address: a peer can leave before it is asked.
std::string PipeRemoteAddress(nng_socket sock, uint32_t pipe);

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
  // At most `limit` peers at once (0: any number). A peer over the limit is closed on NNG's
  // thread as it connects, before the protocol can use it (a req socket would send it a
  // request), and is never reported: neither added nor removed. Counts the peers that connect
  // from here on: set before listening or dialling.
  void SetLimit(Napi::Env env, uint32_t limit);
  // Once a dialer's connection is added, that dialer never dials again, set on NNG's thread as
  // it is announced (see deps/patches/nng-dialer-redial-backoff.patch). A connection refused
  // before that (the wrong protocol) is redialled as usual; one a peer turns away after taking
  // it (over the peer's limitPipes) was added here first, and is not. One that drops in the
  // instant between NNG starting it and the announcement may still be redialled once.
  void SetDialOnce(Napi::Env env);
  // Called on the JavaScript thread for each queued event.
  void Emit(Napi::Env env, bool added, uint32_t pipe);
  // Closing the socket: queued events are dropped from here on.
  void Detach();

 private:
  static void OnPipe(nng_pipe pipe, nng_pipe_ev event, void* arg);
  void Register(Napi::Env env);
  // With lock_ held, on NNG's thread: counts `pipe` in, or closes it if over the limit.
  void Admit(nng_pipe pipe);
  // With lock_ held, on NNG's thread: false if `pipe` was never announced as added.
  bool Forget(nng_pipe pipe);
  // With lock_ held: true (and forgotten) if `pipe` was removed before it was announced.
  bool TakeEarlyRemoval(uint32_t pipe);
  // With lock_ held: tells JavaScript and the Cv of one event.
  void Notify(bool added, uint32_t pipe);

  Core* core_;
  nng_socket sock_;
  bool registered_ = false;
  bool admitting_ = false;  // ADD_PRE is heard (a limit was set)
  bool attached_ = true;
  Napi::FunctionReference listener_;
  std::mutex lock_;  // guards what NNG threads read: the Cv, the flags and the peer sets
  bool to_js_ = false;
  std::shared_ptr<CvState> cv_;
  bool cv_add_ = false;
  bool cv_remove_ = false;
  uint32_t limit_ = 0;
  bool dial_once_ = false;
  std::unordered_set<uint32_t> admitted_;
  // Pipes announced as added: NNG also reports the removal of a pipe it refused before adding
  // it (one over the limit, or one the protocol refused at start), which must not count as a
  // peer leaving. A peer of the wrong protocol is refused before anyone hears of it
  // (deps/patches/nng-pipe-peer-checked-first.patch).
  std::unordered_set<uint32_t> added_;
  // NNG runs a pipe's REM_POST from its reaper without waiting for the thread that started the
  // pipe, so a peer that leaves at once (a message over the size limit) can be removed before
  // its ADD_POST. Such removals wait here for the ADD_POST, which then tells both, in order.
  // Bounded: a pipe the protocol refused at start (a second peer of a pair) never gets one.
  std::deque<uint32_t> removed_early_;
  static constexpr size_t kMaxRemovedEarly = 256;
  std::unordered_set<uint32_t> refused_;  // closed by Admit: their removal is not told
  std::shared_ptr<PipeWatch*> self_ = std::make_shared<PipeWatch*>(this);
  friend struct PipeEventCompletion;
};

}  // namespace mirai
