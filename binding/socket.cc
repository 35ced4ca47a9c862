// Sockets: opening by protocol name, sending and receiving on the socket, options, pipes, close.
#include "socket.h"

#include <nng/protocol/bus0/bus.h>
#include <nng/protocol/pair0/pair.h>
#include <nng/protocol/pair1/pair.h>
#include <nng/protocol/pipeline0/pull.h>
#include <nng/protocol/pipeline0/push.h>
#include <nng/protocol/pubsub0/pub.h>
#include <nng/protocol/pubsub0/sub.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/protocol/survey0/respond.h>
#include <nng/protocol/survey0/survey.h>

#include "args.h"
#include "errors.h"
#include "module.h"
#include "options.h"
#include "signal_rule.h"

namespace mirai {

namespace {

// Idle request contexts a socket keeps: enough for bursts of concurrent requests to reuse
// them, few enough that a burst of 100,000 does not pin 100,000.
constexpr size_t kIdleContextsMax = 256;

struct ProtocolOpener {
  const char* name;
  int (*open)(nng_socket*);
  int (*open_raw)(nng_socket*);
};

// A line per protocol family, as NNG lays out its headers (nng/protocol/<family>/).
constexpr ProtocolOpener kProtocols[] = {
    {"req", nng_req0_open, nng_req0_open_raw}, {"rep", nng_rep0_open, nng_rep0_open_raw},
    {"pair0", nng_pair0_open, nng_pair0_open_raw},
    {"pair1", nng_pair1_open, nng_pair1_open_raw}, {"pair1poly", nng_pair1_open_poly, nullptr},
    {"bus", nng_bus0_open, nng_bus0_open_raw},
    {"push", nng_push0_open, nng_push0_open_raw}, {"pull", nng_pull0_open, nng_pull0_open_raw},
    {"pub", nng_pub0_open, nng_pub0_open_raw}, {"sub", nng_sub0_open, nng_sub0_open_raw},
    {"surveyor", nng_surveyor0_open, nng_surveyor0_open_raw},
    {"respondent", nng_respondent0_open, nng_respondent0_open_raw},
};

const ProtocolOpener& FindProtocol(Napi::Env env, const std::string& name) {
  for (const ProtocolOpener& p : kProtocols) {
    if (name == p.name) return p;
  }
  ThrowType(env, "unknown protocol '" + name +
                     "' (expected req, rep, pair0, pair1, pair1poly, bus, push, pull, pub, sub, surveyor or respondent)");
}

}  // namespace

// --- life cycle -----------------------------------------------------------------------

Napi::Function Socket::Init(Napi::Env env) {
  return DefineClass(env, "Socket",
                     Messaging<Socket>::Properties({
                         InstanceMethod<&Socket::OnPipe>("onPipe"), InstanceMethod<&Socket::Notify>("notify"),
                         InstanceMethod<&Socket::ClosePipe>("closePipe"),
                         InstanceMethod<&Socket::LimitPipes>("limitPipes"),
                         InstanceMethod<&Socket::DialOnce>("dialOnce"),
                         InstanceMethod<&Socket::SignalOnMessage>("signalOnMessage"),
                         InstanceAccessor<&Socket::GetSignalsRaised>("signalsRaised"),
                         InstanceMethod<&Socket::RemoteAddress>("remoteAddress"),
                         InstanceAccessor<&Socket::GetProtocol>("protocol"),
                     }));
}

Socket::Socket(const Napi::CallbackInfo& info) : Wrapped<Socket>(info), core_(Module::CoreOf(info.Env())) {
  Napi::Env env = info.Env();
  if (!info.IsConstructCall()) ThrowType(env, "Socket must be called with new");
  protocol_ = StringArg(info, 0, "protocol");
  const ProtocolOpener& opener = FindProtocol(env, protocol_);
  bool raw = BoolArg(info, 1, false);
  if (raw && opener.open_raw == nullptr) ThrowType(env, "protocol '" + protocol_ + "' has no raw mode");
  Check(env, (raw ? opener.open_raw : opener.open)(&sock_));
  open_ = true;
  pipes_ = std::make_unique<PipeWatch>(core_.get(), sock_);
  contexts_ = std::make_shared<ContextPool>(sock_, kIdleContextsMax);
  core_->Track(this);
}

Socket::~Socket() {
  ops_.Forget();
  CloseHandle();
}

void Socket::CloseHandle() {
  if (!open_) return;
  open_ = false;
  core_->Untrack(this);
  // Pending operations complete with NNG_ECLOSED; they no longer report back to this object.
  ops_.Disown();
  contexts_->Close();
  ForgetSignalRule(nng_socket_id(sock_));
  nng_close(sock_);
  pipes_->Detach();
}

void Socket::Hold(bool hold) {
  if (hold) Ref();
  else Unref();
}

Socket* Socket::FromValue(Napi::Env env, Napi::Value value, const char* what) {
  return UnwrapAs<Socket>(env, value, env.GetInstanceData<Module>()->socket_class, what, "a Socket");
}

nng_socket Socket::Handle(Napi::Env env) const {
  if (!open_) throw NngError(env, NNG_ECLOSED);
  return sock_;
}

// The socket itself as the target of an operation (not one of its contexts).
Target Socket::Open(Napi::Env env) const { return Target{false, Handle(env), NNG_CTX_INITIALIZER}; }

// --- messages --------------------------------------------------------------------------

Napi::Value Socket::Send(const Napi::CallbackInfo& info) {
  Target target = Open(info.Env());
  Outgoing out = ReadOutgoing(info, *core_, true);
  return StartSend(info.Env(), *core_, ops_, target, out);
}

// A request on a context of the socket's own pool (req): many may be in flight at once, each
// cancelled alone by its tag, with no context object in JavaScript.
Napi::Value Socket::Request(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nng_socket sock = Handle(env);
  Outgoing out = ReadOutgoing(info, *core_, false);
  nng_ctx ctx;
  int rv = contexts_->Take(&ctx);
  if (rv != 0) {
    nng_msg_free(out.msg);
    throw NngError(env, rv);
  }
  try {
    return StartRequest(env, *core_, ops_, Target{true, sock, ctx}, out, contexts_);
  } catch (...) {
    contexts_->Give(ctx);
    throw;
  }
}

template <OpKind kind>
Napi::Value Socket::Receive(const Napi::CallbackInfo& info) {
  Target target = Open(info.Env());
  return StartRecv(info, *core_, ops_, target, kind);
}

void Socket::Cancel(const Napi::CallbackInfo& info) { ops_.Cancel(UintArg(info, 0, 0, "tag")); }

void Socket::Close(const Napi::CallbackInfo&) { CloseHandle(); }

// --- options -----------------------------------------------------------------------------

void Socket::SetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = StringArg(info, 0, "name");
  SetOption(env, Handle(env), name, info[1]);
  contexts_->Drain();
}

Napi::Value Socket::GetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = StringArg(info, 0, "name");
  return GetOption(env, Handle(env), name);
}

// --- pipes ---------------------------------------------------------------------------------

void Socket::OnPipe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Handle(env);
  if (!info[0].IsFunction() && !IsMissing(info[0])) ThrowType(env, "listener must be a function or null");
  pipes_->SetListener(env, info[0]);
}

void Socket::Notify(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Handle(env);
  if (IsMissing(info[0])) {
    pipes_->SetCv(nullptr, false, false);
    return;
  }
  Cv* cv = UnwrapAs<Cv>(env, info[0], env.GetInstanceData<Module>()->cv_class, "cv", "a Cv or null");
  pipes_->SetCv(cv->state(), BoolArg(info, 1, true), BoolArg(info, 2, true));
}

void Socket::ClosePipe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Handle(env);
  nng_pipe pipe = NNG_PIPE_INITIALIZER;
  pipe.id = UintArg(info, 0, 0, "pipe");
  Check(env, nng_pipe_close(pipe));
}

void Socket::LimitPipes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Handle(env);
  pipes_->SetLimit(env, UintArg(info, 0, 0, "limit"));
}

void Socket::DialOnce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Handle(env);
  pipes_->SetDialOnce(env);
}

// signalOnMessage(signal, pattern, mask, gate?, key?): raise `signal` (a number; 0 for none)
// in this process when a message whose first bytes, masked by `mask`, equal `pattern` is
// received; through `gate` (a BigInt64Array) for `key`, if given (see signal_rule.h).
void Socket::SignalOnMessage(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nng_socket sock = Handle(env);
  uint32_t signal = UintArg(info, 0, 0, "signal");
  if (signal >= 65) ThrowRange(env, "signal must be a signal number below 65");
  std::vector<uint8_t> pattern, mask;
  if (signal != 0) {
    if (!info[1].IsBuffer() || !info[2].IsBuffer()) ThrowType(env, "pattern and mask must be Buffers");
    auto p = info[1].As<Napi::Buffer<uint8_t>>();
    auto m = info[2].As<Napi::Buffer<uint8_t>>();
    if (p.Length() != m.Length() || p.Length() > 64) ThrowRange(env, "pattern and mask must have the same length, at most 64 bytes");
    pattern.assign(p.Data(), p.Data() + p.Length());
    mask.assign(m.Data(), m.Data() + m.Length());
  }
  SignalGate gate;
  bool gated = signal != 0 && !info[3].IsUndefined();
  if (gated) gate = SignalGate{GateCell(env, info[3], "gate"), UintArg(info, 4, 0, "key")};
  SetSignalRule(nng_socket_id(sock), static_cast<int>(signal), std::move(pattern), std::move(mask), gate);
  // Held after the new rule is set: the cell outlives every rule that names it.
  if (gated) {
    signal_gate_ = Napi::Persistent(info[3].As<Napi::Object>());
  } else {
    signal_gate_.Reset();
  }
}

Napi::Value Socket::GetSignalsRaised(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), SignalsRaised(nng_socket_id(sock_)));
}

Napi::Value Socket::RemoteAddress(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nng_socket sock = Handle(env);
  std::string address = PipeRemoteAddress(sock, UintArg(info, 0, 0, "pipe"));
  if (address.empty()) return env.Undefined();
  return Napi::String::New(env, address);
}

// --- properties -------------------------------------------------------------------------------

Napi::Value Socket::GetId(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), nng_socket_id(sock_));
}

Napi::Value Socket::GetProtocol(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), protocol_);
}

Napi::Value Socket::GetClosed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), !open_);
}

}  // namespace mirai
