// The compact line of requests: packed blocks, tombstones for cancelled requests.
#include "request_queue.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#ifndef _WIN32
#include <sys/mman.h>
#endif

namespace mirai {

namespace {

// Large enough that mapping one is rare, small enough that a nearly empty queue holds little.
constexpr size_t kBlockBytes = size_t{1} << 20;

size_t Aligned(size_t length) {
  return (length + 7) & ~size_t{7};
}

// Mapped directly where possible, so that a drained block goes back to the system at once
// rather than staying in the allocator's heap.
uint8_t* MapBlock() {
#ifdef _WIN32
  return static_cast<uint8_t*>(std::malloc(kBlockBytes));
#else
  void* p = mmap(nullptr, kBlockBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
#endif
}

void UnmapBlock(uint8_t* base) {
#ifdef _WIN32
  std::free(base);
#else
  munmap(base, kBlockBytes);
#endif
}

}  // namespace

uint8_t* RequestQueue::Reserve(size_t length) {
  size_t room = Aligned(length);
  if (writing_ == nullptr || writing_->used + room > kBlockBytes) {
    Block* block = NewBlock();
    if (block == nullptr) return nullptr;
    Block* full = writing_;
    writing_ = block;
    if (full != nullptr && full->requests == 0) Leave(full);
  }
  reserved_ = writing_->base + writing_->used;
  return reserved_;
}

void RequestQueue::Commit(uint32_t tag, size_t length) {
  Block* block = writing_;
  uint32_t offset = static_cast<uint32_t>(reserved_ - block->base);
  block->used += Aligned(length);
  block->requests++;
  reserved_ = nullptr;
  entries_.push_back(Entry{tag, static_cast<uint32_t>(length), nullptr, block, offset});
  live_++;
}

void RequestQueue::PushMsg(uint32_t tag, nng_msg* msg) {
  entries_.push_back(Entry{tag, 0, msg, nullptr, 0});
  live_++;
}

void RequestQueue::Insert(uint32_t tag, nng_msg* msg) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), tag,
                             [](const Entry& entry, uint32_t t) { return entry.tag < t; });
  entries_.insert(it, Entry{tag, 0, msg, nullptr, 0});
  live_++;
}

int RequestQueue::PopFront(uint32_t* tag, nng_msg** msg) {
  while (!entries_.empty()) {
    Entry& first = entries_.front();
    if (first.msg == nullptr && first.block == nullptr) {
      entries_.pop_front();  // cancelled
      continue;
    }
    if (first.msg != nullptr) {
      *msg = first.msg;
    } else {
      if (int rv = nng_msg_alloc(msg, first.length); rv != 0) return rv;
      std::memcpy(nng_msg_body(*msg), first.block->base + first.offset, first.length);
      Leave(first.block);
    }
    *tag = first.tag;
    entries_.pop_front();
    live_--;
    return 0;
  }
  return NNG_ENOENT;
}

bool RequestQueue::Cancel(uint32_t tag) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), tag,
                             [](const Entry& entry, uint32_t t) { return entry.tag < t; });
  if (it == entries_.end() || it->tag != tag || (it->msg == nullptr && it->block == nullptr)) return false;
  Release(*it);
  live_--;
  return true;
}

void RequestQueue::Clear() {
  for (Entry& entry : entries_) Release(entry);
  entries_.clear();
  live_ = 0;
  if (writing_ != nullptr) FreeBlock(writing_);
  if (spare_ != nullptr) FreeBlock(spare_);
  writing_ = spare_ = nullptr;
}

// The entry becomes a tombstone: what it held is freed.
void RequestQueue::Release(Entry& entry) {
  if (entry.msg != nullptr) nng_msg_free(entry.msg);
  if (entry.block != nullptr) Leave(entry.block);
  entry.msg = nullptr;
  entry.block = nullptr;
}

// One packed request has left `block`: once none is left, the block is emptied for reuse,
// kept as the spare, or given back.
void RequestQueue::Leave(Block* block) {
  if (block->requests > 0) block->requests--;
  if (block->requests > 0) return;
  if (block == writing_) {
    block->used = 0;
  } else if (spare_ == nullptr) {
    block->used = 0;
    spare_ = block;
  } else {
    FreeBlock(block);
  }
}

RequestQueue::Block* RequestQueue::NewBlock() {
  if (spare_ != nullptr) {
    Block* block = spare_;
    spare_ = nullptr;
    return block;
  }
  uint8_t* base = MapBlock();
  if (base == nullptr) return nullptr;
  return new Block{base, 0, 0};
}

void RequestQueue::FreeBlock(Block* block) {
  UnmapBlock(block->base);
  delete block;
}

}  // namespace mirai
