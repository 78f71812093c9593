#!/bin/sh
# tests/vm/fetch-kernel.sh — get Debian's cloud kernel (it has sctp.ko, the
# host kernel has no SCTP) without installing it.
#
#   tests/vm/fetch-kernel.sh [CACHE_DIR]     prints CACHE_DIR/<version> on stdout
#
# CACHE_DIR defaults to $XNET_VM_CACHE or ~/.cache/xnet-vm. The versioned
# package named by linux-image-cloud-amd64 is fetched with `apt-get download`
# (apt-get update is run only when that fails), unpacked with dpkg-deb -x and
# reduced to what the VM needs: <version>/vmlinuz and <version>/modules/*.ko,
# the SCTP module and everything it depends on, decompressed
# (busybox insmod loads plain .ko only) and listed in load order in
# <version>/modules/order. A second run reuses the directory.
set -eu

cache=${1:-${XNET_VM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/xnet-vm}}
mkdir -p "$cache"

log() { echo "fetch-kernel: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# The versioned package, e.g. linux-image-6.1.0-56-cloud-amd64.
resolve() {
  pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
        sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n 1)
  version=${pkg#linux-image-}
  out="$cache/$version"
}

# apt-get download writes into the current directory; as root it drops to
# the _apt user, who may not write there, hence a world-writable staging dir.
download() {
  stage=$(mktemp -d)
  chmod 0777 "$stage"
  if (cd "$stage" && apt-get download -q "$pkg" >&2); then
    mv "$stage"/*.deb "$debdir"/
    rmdir "$stage"
    return 0
  fi
  rm -rf "$stage"
  return 1
}

cached() { [ -f "$1/vmlinuz" ] && [ -f "$1/modules/order" ]; }

resolve
if [ -z "$pkg" ]; then
  # No package lists (a fresh image) or no such package in them.
  log "apt-cache knows no linux-image-cloud-amd64; running apt-get update"
  as_root apt-get update -qq >&2 || true
  resolve
fi
if [ -z "$pkg" ]; then
  found=$(ls -d "$cache"/*-cloud-amd64 2>/dev/null | sort | tail -n 1 || true)
  if [ -n "$found" ] && cached "$found"; then
    log "apt knows no linux-image-cloud-amd64; using the cached $(basename "$found")"
    echo "$found"
    exit 0
  fi
  log "cannot find linux-image-cloud-amd64 (Debian's apt sources needed)"
  exit 1
fi
if cached "$out"; then
  echo "$out"
  exit 0
fi

debdir="$cache/debs"
mkdir -p "$debdir"
deb=$(ls "$debdir/${pkg}_"*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
  log "downloading $pkg"
  if ! download; then
    # Stale lists name a version the mirror no longer has.
    log "download failed; running apt-get update and retrying"
    as_root apt-get update -qq >&2
    resolve
    if cached "$out"; then
      echo "$out"
      exit 0
    fi
    download || { log "cannot download $pkg"; exit 1; }
  fi
  deb=$(ls "$debdir/${pkg}_"*.deb | head -n 1)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp"
vmlinuz="$tmp/boot/vmlinuz-$version"
moddir="$tmp/lib/modules/$version"
[ -f "$vmlinuz" ] || { log "no boot/vmlinuz-$version in $deb"; exit 1; }

# The Debian package ships no modules.dep (depmod runs at install time), so
# the dependencies come from each module's own .modinfo "depends=" field,
# and modules.order gives each module's path. Soft dependencies need nothing
# here: libcrc32c's "pre: crc32c" is built into this kernel.
[ -f "$moddir/modules.order" ] || { log "no modules.order in $deb"; exit 1; }
staging="$tmp/out"
mkdir -p "$staging/modules"
: >"$staging/modules/order"

modpath() { # module name -> path under $moddir (names treat - and _ alike)
  pat=$(echo "$1" | sed 's/[-_]/[-_]/g')
  grep -E "(^|/)$pat\.ko(\.(xz|zst|gz))?\$" "$moddir/modules.order" | head -n 1
}

unpack() { # path relative to $moddir -> plain .ko in the staging dir
  src="$moddir/$1"
  base=$(basename "$1")
  case "$base" in
    *.ko.xz) xz -dc "$src" >"$staging/modules/${base%.xz}" ;;
    *.ko.zst) zstd -qdc "$src" >"$staging/modules/${base%.zst}" ;;
    *.ko.gz) gzip -dc "$src" >"$staging/modules/${base%.gz}" ;;
    *.ko) cp "$src" "$staging/modules/$base" ;;
    *) log "unexpected module file $1"; exit 1 ;;
  esac
}

load() ( # append a module after its dependencies, once (a subshell: recursion)
  set -e
  name=$(echo "$1" | tr - _)
  grep -qx "$name.ko" "$staging/modules/order" && return 0
  path=$(modpath "$name")
  [ -n "$path" ] || { log "module $name is not in modules.order"; exit 1; }
  unpack "$path"
  ko="$staging/modules/$name.ko"
  [ -f "$ko" ] || mv "$staging/modules/$(basename "${path%.ko*}").ko" "$ko"
  deps=$(tr '\0' '\n' <"$ko" | sed -n 's/^depends=//p' | head -n 1 | tr , ' ')
  for d in $deps; do load "$d" || exit 1; done
  echo "$name.ko" >>"$staging/modules/order"
)
load sctp || exit 1

cp "$vmlinuz" "$staging/vmlinuz"
echo "$version" >"$staging/version"
rm -rf "$out"
mv "$staging" "$out"
# The unpacked kernel is what later runs reuse.
rm -f "$deb"
log "kernel $version: modules $(tr '\n' ' ' <"$out/modules/order")"
echo "$out"
