#!/bin/sh
# check_install.sh BUILD_DIR SRC_DIR — installs the build into a scratch
# prefix, then builds and runs a consumer program against the installed tree
# twice: once with find_package(xnet CONFIG), once with pkg-config. Each
# consumer links both the codecs-only library and the full one.
set -eu
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null

echo "== find_package(xnet CONFIG)"
cmake -S "$src/consumer" -B "$tmp/cmake-build" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cmake-build" >/dev/null
LD_LIBRARY_PATH="$tmp/prefix/lib:$tmp/prefix/lib64" "$tmp/cmake-build/consumer"
LD_LIBRARY_PATH="$tmp/prefix/lib:$tmp/prefix/lib64" "$tmp/cmake-build/consumer_codecs_only"

echo "== pkg-config"
PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig:$tmp/prefix/lib64/pkgconfig"
export PKG_CONFIG_PATH
cc -std=c11 -o "$tmp/pc-consumer" "$src/consumer/consumer.c" $(pkg-config --cflags --libs xnet)
cc -std=c11 -o "$tmp/pc-codecs" "$src/consumer/consumer_codecs_only.c" $(pkg-config --cflags --libs xnet-codecs)
LD_LIBRARY_PATH="$tmp/prefix/lib:$tmp/prefix/lib64" "$tmp/pc-consumer"
LD_LIBRARY_PATH="$tmp/prefix/lib:$tmp/prefix/lib64" "$tmp/pc-codecs"

# The codecs library must need nothing but libc.
if readelf -d "$tmp"/prefix/lib*/libxnet-codecs.so | grep NEEDED | grep -v 'libc\.so'; then
  echo "libxnet-codecs.so needs more than libc" >&2
  exit 1
fi
echo "install consumer: 2 passed, 0 failed"
