#!/bin/sh
# tests/vm/make-initramfs.sh — a busybox initramfs that runs one statically
# linked program on Debian's cloud kernel with SCTP loaded, then powers off.
#
#   tests/vm/make-initramfs.sh KERNEL_DIR OUT.cpio.gz PROGRAM [ARG...]
#
# KERNEL_DIR is what fetch-kernel.sh prints (vmlinuz, modules/order,
# modules/*.ko). The guest's /init mounts proc, sys and dev, loads the
# modules in order, brings up lo (adding 127.0.0.2 as a second loopback
# address for multi-homing), runs PROGRAM ARG... with /out as its working
# directory, then prints each file the program left in /out as base64
# between "XNET-VM-FILE <name>" and "XNET-VM-FILE-END" lines, prints
# "XNET-VM-EXIT <status>", and powers off. Anything that goes wrong before
# the program runs is printed as "XNET-VM-ERROR <what>" (status 125).
set -eu

[ $# -ge 3 ] || { echo "usage: $0 KERNEL_DIR OUT.cpio.gz PROGRAM [ARG...]" >&2; exit 2; }
kdir=$1
out=$2
prog=$3
shift 3

busybox=$(command -v busybox || true)
[ -n "$busybox" ] || { echo "make-initramfs: busybox not found (apt-get install busybox-static)" >&2; exit 1; }
# A dynamically linked busybox would need its libraries in the image.
if command -v file >/dev/null 2>&1 && ! file -L "$busybox" | grep -q 'statically linked'; then
  echo "make-initramfs: $busybox is not statically linked (apt-get install busybox-static)" >&2
  exit 1
fi
[ -f "$kdir/modules/order" ] || { echo "make-initramfs: $kdir has no modules/order" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/out" "$root/modules"
cp "$busybox" "$root/bin/busybox"
cp "$kdir"/modules/*.ko "$kdir/modules/order" "$root/modules/"
cp "$prog" "$root/bin/test-program"
chmod 0755 "$root/bin/test-program"

# The program's arguments, each single-quoted for the guest's shell.
qargs=""
for a in "$@"; do
  q=$(printf '%s' "$a" | sed "s/'/'\\\\''/g")
  qargs="$qargs '$q'"
done

cat >"$root/init" <<INIT
#!/bin/busybox sh
fail() { echo "XNET-VM-ERROR \$*"; echo "XNET-VM-EXIT 125"; /bin/busybox poweroff -f; }
# busybox finds itself through /proc/self/exe: mount proc before installing.
/bin/busybox mount -t proc proc /proc || fail "mount proc"
/bin/busybox --install -s /bin
export PATH=/bin
mount -t sysfs sys /sys || fail "mount sys"
mount -t devtmpfs dev /dev || fail "mount dev"
for m in \$(cat /modules/order); do
  insmod "/modules/\$m" || fail "insmod \$m"
done
ip link set lo up || fail "ip link set lo up"
ip -4 addr show dev lo | grep -q '127.0.0.2/' || ip addr add 127.0.0.2/8 dev lo || fail "ip addr add 127.0.0.2"
echo "XNET-VM-START \$(uname -r)"
cd /out
/bin/test-program$qargs
rc=\$?
for f in /out/*; do
  [ -f "\$f" ] || continue
  echo "XNET-VM-FILE \${f#/out/}"
  base64 "\$f"
  echo "XNET-VM-FILE-END"
done
echo "XNET-VM-EXIT \$rc"
poweroff -f
INIT
chmod 0755 "$root/init"

(cd "$root" && find . | LC_ALL=C sort | "$busybox" cpio -o -H newc 2>/dev/null) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
