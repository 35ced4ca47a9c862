// What sockets and contexts both give JavaScript: messages, options, cancel, close, id.
#pragma once

#include <napi.h>

#include <initializer_list>
#include <vector>

#include "aio.h"

namespace mirai {

// T (a Socket or a Context, which names this a friend) sends, requests and receives, reads and
// sets options, cancels by tag and closes alike: its class lists these once, then its own.
template <typename T>
struct Messaging {
  using Property = Napi::ClassPropertyDescriptor<T>;

  static std::vector<Property> Properties(std::initializer_list<Property> own) {
    using W = Napi::ObjectWrap<T>;
    std::vector<Property> all = {
        W::template InstanceMethod<&T::Send>("send"), W::template InstanceMethod<&T::Request>("request"),
        W::template InstanceMethod<&T::template Receive<OpKind::Recv>>("recv"),
        W::template InstanceMethod<&T::template Receive<OpKind::RecvFrom>>("recvFrom"),
        W::template InstanceMethod<&T::SetOpt>("setOption"), W::template InstanceMethod<&T::GetOpt>("getOption"),
        W::template InstanceMethod<&T::Cancel>("cancel"), W::template InstanceMethod<&T::Close>("close"),
        W::template InstanceAccessor<&T::GetId>("id"), W::template InstanceAccessor<&T::GetClosed>("closed"),
    };
    all.insert(all.end(), own);
    return all;
  }
};

}  // namespace mirai
