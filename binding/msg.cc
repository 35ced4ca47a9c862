// Messages: nng_msg bodies lent to JavaScript as Buffers, and JavaScript data made into nng_msg.
#include "msg.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "errors.h"

namespace mirai {

namespace {

// Below this a copy is cheaper than a finalizer and an external-memory report.
constexpr size_t kCopyBelow = 1024;

void FreeLent(Napi::Env env, uint8_t* data, MsgHold* hold) {
  if (hold->core) {
    auto& lent = hold->core->lent();
    auto it = lent.find(data);
    if (it != lent.end() && it->second == hold) lent.erase(it);
  }
  if (hold->msg) nng_msg_free(hold->msg);
  if (env != nullptr) Napi::MemoryManagement::AdjustExternalMemory(env, -static_cast<int64_t>(hold->len));
  delete hold;
}

struct Bytes {
  Napi::ArrayBuffer buffer;  // empty for strings
  uint8_t* data;
  size_t offset;
  size_t length;
};

bool ReadBytes(Napi::Value value, Bytes* out) {
  if (value.IsTypedArray()) {
    Napi::TypedArray view = value.As<Napi::TypedArray>();
    out->buffer = view.ArrayBuffer();
    out->offset = view.ByteOffset();
    out->length = view.ByteLength();
  } else if (value.IsDataView()) {
    Napi::DataView view = value.As<Napi::DataView>();
    out->buffer = view.ArrayBuffer();
    out->offset = view.ByteOffset();
    out->length = view.ByteLength();
  } else if (value.IsArrayBuffer()) {
    out->buffer = value.As<Napi::ArrayBuffer>();
    out->offset = 0;
    out->length = out->buffer.ByteLength();
  } else {
    return false;
  }
  out->data = static_cast<uint8_t*>(out->buffer.Data());
  return true;
}

size_t StringLength(Napi::Env env, Napi::Value value) {
  size_t length = 0;
  napi_get_value_string_utf8(env, value, nullptr, 0, &length);
  return length;
}

// A lent Buffer sent back with `transfer`: its message goes out as it is and the Buffer is
// detached, so JavaScript can no longer reach memory NNG now owns.
nng_msg* TakeLent(Napi::Env env, Core& core, Bytes& bytes) {
  auto it = core.lent().find(bytes.data);
  if (it == core.lent().end()) return nullptr;
  MsgHold* hold = it->second;
  // Only a view of the whole message: detaching a part would detach every other view of it.
  if (bytes.offset != 0 || bytes.length != hold->len || hold->len != bytes.buffer.ByteLength()) return nullptr;
  nng_msg* msg = hold->msg;
  if (napi_detach_arraybuffer(env, bytes.buffer) != napi_ok) return nullptr;
  hold->msg = nullptr;
  core.lent().erase(it);
  nng_msg_header_clear(msg);
  return msg;
}

}  // namespace

std::vector<Napi::Value> PartsOf(Napi::Env env, Napi::Value data) {
  Bytes bytes;
  if (data.IsString() || ReadBytes(data, &bytes)) return {data};
  if (!data.IsArray()) ThrowType(env, "data must be a Buffer, TypedArray, ArrayBuffer, string or an array of them");
  Napi::Array array = data.As<Napi::Array>();
  uint32_t count = array.Length();
  std::vector<Napi::Value> parts;  // not reserved: a sparse array's length may be 2^32 - 1
  for (uint32_t i = 0; i < count; i++) {
    Napi::Value part = array.Get(i);
    if (!part.IsString() && !ReadBytes(part, &bytes)) {
      ThrowType(env, "data[" + std::to_string(i) + "] must be a Buffer, TypedArray, ArrayBuffer or string");
    }
    parts.push_back(part);
  }
  return parts;
}

size_t PackedLength(Napi::Env env, const std::vector<Napi::Value>& parts) {
  size_t total = 0;
  Bytes bytes;
  for (const Napi::Value& part : parts) total += ReadBytes(part, &bytes) ? bytes.length : StringLength(env, part);
  return total;
}

namespace {

// Copies one part (bytes or a string) to `dest`, which has room for it and a NUL; its length.
size_t PackPart(Napi::Env env, Napi::Value part, uint8_t* dest, size_t room) {
  Bytes bytes;
  if (ReadBytes(part, &bytes)) {
    size_t length = std::min(bytes.length, room);
    if (length > 0) std::memcpy(dest, bytes.data + bytes.offset, length);
    return length;
  }
  size_t length = 0;
  napi_get_value_string_utf8(env, part, reinterpret_cast<char*>(dest), room, &length);
  return length;
}

}  // namespace

size_t PackInto(Napi::Env env, const std::vector<Napi::Value>& parts, uint8_t* dest, size_t room) {
  size_t at = 0;
  for (const Napi::Value& part : parts) at += PackPart(env, part, dest + at, room - at);
  return at;
}

Napi::Value BufferFromMsg(Napi::Env env, Core& core, nng_msg* msg) {
  size_t len = nng_msg_len(msg);
  uint8_t* body = static_cast<uint8_t*>(nng_msg_body(msg));
  if (len < kCopyBelow) {
    Napi::Buffer<uint8_t> copy = Napi::Buffer<uint8_t>::Copy(env, body, len);
    nng_msg_free(msg);
    return copy;
  }
  MsgHold* hold = new MsgHold{msg, len, &core};
  Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(len));
  // NewOrCopy copies (and runs the finalizer at once) where external memory is forbidden,
  // as in Electron's memory cage.
  Napi::Buffer<uint8_t> buffer = Napi::Buffer<uint8_t>::NewOrCopy(env, body, len, FreeLent, hold);
  if (buffer.Data() == body) core.lent()[body] = hold;
  return buffer;
}

nng_msg* MsgFromParts(Napi::Env env, const std::vector<Napi::Value>& parts) {
  size_t length = PackedLength(env, parts);
  nng_msg* msg;
  // One allocation; the room for a string's NUL is chopped off again.
  Check(env, nng_msg_alloc(&msg, length + 1));
  size_t written = PackInto(env, parts, static_cast<uint8_t*>(nng_msg_body(msg)), length + 1);
  nng_msg_chop(msg, length + 1 - written);
  return msg;
}

nng_msg* MsgFromValue(Napi::Env env, Core& core, Napi::Value data, bool transfer) {
  Bytes bytes;
  if (transfer && ReadBytes(data, &bytes)) {
    if (nng_msg* lent = TakeLent(env, core, bytes)) return lent;
  }
  return MsgFromParts(env, PartsOf(env, data));
}

Napi::Value ReuseMessageStorage(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsNumber()) ThrowType(env, "bytes must be a number");
  double bytes = info[0].As<Napi::Number>().DoubleValue();
  if (!(bytes >= 0 && bytes <= 9007199254740991.0) || std::floor(bytes) != bytes) {
    ThrowRange(env, "bytes must be an integer from 0 to 2^53-1");
  }
  nng_msg_storage_reuse(static_cast<size_t>(bytes));
  return env.Undefined();
}

}  // namespace mirai
