// Pools of objects that each own an nng_aio (an Op, a broker's forward): allocating an aio
// costs more than the operation it serves, so done ones wait in a list to be used again.
#pragma once

#include <nng/nng.h>

#include <vector>

namespace mirai {

// One from `idle`, else a new T whose aio calls `done` with it, passed to `made` once it has
// its aio; nullptr when NNG cannot allocate the aio.
template <typename T, typename Made>
T* TakeOrMake(std::vector<T*>& idle, void (*done)(void*), Made made) {
  if (!idle.empty()) {
    T* item = idle.back();
    idle.pop_back();
    return item;
  }
  T* item = new T();
  if (nng_aio_alloc(&item->aio, done, item) != 0) {
    delete item;
    return nullptr;
  }
  made(item);
  return item;
}

// Frees one for good, its aio with it.
template <typename T>
void FreeWithAio(T* item) {
  nng_aio_free(item->aio);
  delete item;
}

}  // namespace mirai
