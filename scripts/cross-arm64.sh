#!/usr/bin/env bash
# Cross-compiles the linux-arm64 (glibc) prebuild with Debian's g++-aarch64-linux-gnu, then runs
# the addon's smoke test (scripts/smoke.js) on Debian's arm64 Node under qemu-user.
# Needs root the first time (apt); Debian bookworm. The arm64 Node and the libraries it links
# are unpacked into $MIRAI_ARM64_SYSROOT (default /tmp/mirai-arm64-sysroot), not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
SYSROOT=${MIRAI_ARM64_SYSROOT:-/tmp/mirai-arm64-sysroot}
APT_OPTS=(-o DPkg::Lock::Timeout=600 -qq)

install_tools() {
  local missing=()
  command -v aarch64-linux-gnu-g++ >/dev/null || missing+=(g++-aarch64-linux-gnu)
  command -v qemu-aarch64 >/dev/null || missing+=(qemu-user)
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    dpkg --add-architecture arm64
    apt-get "${APT_OPTS[@]}" update
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "cross-arm64: installing ${missing[*]}"
    apt-get "${APT_OPTS[@]}" update
    DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install -y "${missing[@]}"
  fi
}

# nodejs:arm64 and everything it depends on, unpacked side by side: qemu's -L makes that tree
# the emulated program's root for its loader, its libraries and Debian's shared JS modules.
fetch_node() {
  [ -x "$SYSROOT/usr/bin/node" ] && return
  local debs
  debs=$(mktemp -d)
  # The arm64 packages in nodejs:arm64's dependency closure, and the JavaScript modules
  # (architecture-independent node-*) that Debian's Node loads from /usr/share/nodejs.
  local packages
  packages=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances nodejs:arm64 | grep -E '^([a-z0-9.+-]+:arm64|node-[a-z0-9.+-]+)$' | sort -u)
  # shellcheck disable=SC2086 # one word per package
  (cd "$debs" && apt-get "${APT_OPTS[@]}" download $packages)
  mkdir -p "$SYSROOT"
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$SYSROOT"; done
  rm -rf "$debs"
  echo "cross-arm64: arm64 Node unpacked in $SYSROOT"
}

install_tools
fetch_node
node scripts/prebuild.js --arch arm64 --toolchain scripts/toolchains/aarch64-linux-gnu.cmake
addon=prebuilds/linux-arm64/mirai.napi.glibc.node
# The addon must need no libstdc++ of the machine it lands on: linked in, not a dependency.
if aarch64-linux-gnu-readelf -d "$addon" | grep -q 'NEEDED.*libstdc++'; then
  echo "cross-arm64: $addon depends on libstdc++.so" >&2
  exit 1
fi
# PREBUILDS_ONLY: node-gyp-build must choose the arm64 prebuild itself (build/ holds the host's).
PREBUILDS_ONLY=1 qemu-aarch64 -L "$SYSROOT" "$SYSROOT/usr/bin/node" scripts/smoke.js
