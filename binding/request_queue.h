// A first-in-first-out line of requests, each tagged, as compact as it can be: a small request
// is packed into large shared blocks of memory rather than kept as an nng_msg of its own. A
// queued nng_msg costs about 400 bytes for a 200-byte request (its struct, headroom, two
// allocations); packed, it costs its bytes and 32. A block emptied of requests is reused: the
// one being filled and one spare stay, any other goes back to the system. A block stays while
// any request in it is queued; a cancelled request leaves a 32-byte tombstone until its turn.
#pragma once

#include <nng/nng.h>

#include <cstddef>
#include <cstdint>
#include <deque>

namespace mirai {

class RequestQueue {
 public:
  // Larger requests stay as the messages they are: copying them in and out would cost more
  // than their overhead saves.
  static constexpr size_t kPackedMax = 4096;

  RequestQueue() = default;
  ~RequestQueue() { Clear(); }
  RequestQueue(const RequestQueue&) = delete;
  RequestQueue& operator=(const RequestQueue&) = delete;

  // Room for a packed request of at most `length` bytes at the back, or null if memory ran
  // out. Nothing is queued until Commit, which must follow before any other call.
  uint8_t* Reserve(size_t length);
  // Queues the request written into the room last reserved: its first `length` bytes.
  void Commit(uint32_t tag, size_t length);
  // Queues `msg`, which it takes, at the back.
  void PushMsg(uint32_t tag, nng_msg* msg);
  // Queues `msg`, which it takes, in tag order (tags are assumed to increase from the front).
  void Insert(uint32_t tag, nng_msg* msg);
  // Takes the first live request out as a message of its own. 0, NNG_ENOENT if none is
  // queued, or NNG_ENOMEM (the request then stays first in line).
  int PopFront(uint32_t* tag, nng_msg** msg);
  // Drops the queued request tagged `tag`; false if there is none.
  bool Cancel(uint32_t tag);
  // Requests queued and not cancelled.
  size_t Live() const { return live_; }
  void Clear();

 private:
  struct Block {
    uint8_t* base;
    size_t used;
    size_t requests;  // packed requests in it still queued
  };
  // A request packed in `block` at `offset`, or held as `msg`; neither once cancelled.
  struct Entry {
    uint32_t tag;
    uint32_t length;
    nng_msg* msg;
    Block* block;
    uint32_t offset;
  };

  void Release(Entry& entry);
  void Leave(Block* block);
  Block* NewBlock();
  static void FreeBlock(Block* block);

  std::deque<Entry> entries_;
  size_t live_ = 0;
  Block* writing_ = nullptr;  // where packed requests go
  Block* spare_ = nullptr;    // one emptied block kept, so a queue that fills and drains
                              // does not map and unmap memory over and over
  uint8_t* reserved_ = nullptr;
};

}  // namespace mirai
