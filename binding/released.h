// Waiting for NNG's deferred teardown of what was closed.
#pragma once

#include <napi.h>

namespace mirai {

// released() → Promise<void>, settled once NNG has torn down everything closed so far. NNG
// closes a listener's descriptor only when its reaper thread gets to it, after nng_close()
// returned: until then an abstract socket's name stays bound, and listening there again fails
// with "Address in use".
Napi::Value Released(const Napi::CallbackInfo& info);

}  // namespace mirai
