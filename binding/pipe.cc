// Pipe events: NNG's pipe notifications, handed to JavaScript and to a Cv.
#include "pipe.h"

#ifdef _WIN32
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#endif

#include <algorithm>
#include <cstdio>

#include "errors.h"

namespace mirai {

// --- addresses ------------------------------------------------------------------------

namespace {

// NNG keeps ports and IPv4 addresses in network byte order.
uint16_t HostPort(uint16_t port) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(&port);
  return static_cast<uint16_t>((bytes[0] << 8) | bytes[1]);
}

std::string IpAddress(int family, const void* address) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (inet_ntop(family, address, text, sizeof text) == nullptr) return "";
  return text;
}

// Abstract names may hold any byte: those that would not read as text are %-escaped, as NNG
// writes them in abstract:// URLs.
std::string EscapedName(const uint8_t* name, size_t length) {
  std::string out;
  for (size_t i = 0; i < length; i++) {
    uint8_t c = name[i];
    if (c > 0x20 && c < 0x7f && c != '%') {
      out += static_cast<char>(c);
    } else {
      char escape[4];
      std::snprintf(escape, sizeof escape, "%%%02X", c);
      out += escape;
    }
  }
  return out;
}

}  // namespace

std::string PipeRemoteAddress(nng_socket sock, uint32_t pipe_id) {
  nng_pipe pipe = NNG_PIPE_INITIALIZER;
  pipe.id = pipe_id;
  if (nng_socket_id(nng_pipe_socket(pipe)) != nng_socket_id(sock)) return "";
  nng_sockaddr sa;
  if (nng_pipe_get_addr(pipe, NNG_OPT_REMADDR, &sa) != 0) return "";
  switch (sa.s_family) {
    case NNG_AF_INET: {
      std::string ip = IpAddress(AF_INET, &sa.s_in.sa_addr);
      return ip.empty() ? ip : "tcp://" + ip + ":" + std::to_string(HostPort(sa.s_in.sa_port));
    }
    case NNG_AF_INET6: {
      std::string ip = IpAddress(AF_INET6, sa.s_in6.sa_addr);
      return ip.empty() ? ip : "tcp://[" + ip + "]:" + std::to_string(HostPort(sa.s_in6.sa_port));
    }
    case NNG_AF_IPC:
      return std::string("ipc://") + sa.s_ipc.sa_path;
    case NNG_AF_ABSTRACT:
      return "abstract://" + EscapedName(sa.s_abstract.sa_name, std::min<size_t>(sa.s_abstract.sa_len, sizeof sa.s_abstract.sa_name));
    case NNG_AF_INPROC:
      // NNG names inproc peers by the whole URL they met at.
      return sa.s_inproc.sa_name;
    default:
      return "";
  }
}

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

namespace {

// A reconnect time of NNG_DURATION_INFINITE: the dialer that made `pipe` (if one did) never
// dials again.
void StopRedial(nng_pipe pipe) {
  nng_dialer dialer = nng_pipe_dialer(pipe);
  if (nng_dialer_id(dialer) > 0) nng_dialer_set_ms(dialer, NNG_OPT_RECONNMINT, NNG_DURATION_INFINITE);
}

}  // namespace

void PipeWatch::OnPipe(nng_pipe pipe, nng_pipe_ev event, void* arg) {
  PipeWatch* watch = static_cast<PipeWatch*>(arg);
  std::lock_guard<std::mutex> hold(watch->lock_);
  if (event == NNG_PIPE_EV_ADD_PRE) {
    watch->Admit(pipe);
    return;
  }
  if (event == NNG_PIPE_EV_ADD_POST) {
    if (watch->dial_once_) StopRedial(pipe);
    watch->added_.insert(pipe.id);
    watch->Notify(true, pipe.id);
    if (watch->TakeEarlyRemoval(pipe.id)) {
      watch->added_.erase(pipe.id);
      watch->Notify(false, pipe.id);
    }
    return;
  }
  // A removal is told in this same locked section that frees its place: a peer admitted in
  // that place is told after it, so listeners never see two peers where the limit is one.
  if (watch->Forget(pipe)) {
    watch->Notify(false, pipe.id);
  } else if (watch->refused_.erase(pipe.id) == 0) {
    if (watch->removed_early_.size() == kMaxRemovedEarly) watch->removed_early_.pop_front();
    watch->removed_early_.push_back(pipe.id);
  }
}

void PipeWatch::Notify(bool added, uint32_t pipe) {
  if (cv_ && (added ? cv_add_ : cv_remove_)) cv_->Signal();
  if (!to_js_) return;
  auto* completion = new PipeEventCompletion();
  completion->watch = self_;
  completion->added = added;
  completion->pipe = pipe;
  if (!core_->Post(completion)) delete completion;
}

bool PipeWatch::TakeEarlyRemoval(uint32_t pipe) {
  for (auto it = removed_early_.begin(); it != removed_early_.end(); ++it) {
    if (*it == pipe) {
      removed_early_.erase(it);
      return true;
    }
  }
  return false;
}

void PipeWatch::Admit(nng_pipe pipe) {
  if (limit_ != 0 && admitted_.size() >= limit_) {
    // Closed in ADD_PRE, NNG never starts the pipe: no message goes to it, and as it is never
    // added, its removal is not told either.
    refused_.insert(pipe.id);
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

void PipeWatch::SetDialOnce(Napi::Env env) {
  Register(env);
  std::lock_guard<std::mutex> hold(lock_);
  dial_once_ = true;
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
