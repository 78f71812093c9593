#!/bin/sh
# tests/vm/run-vm.sh — boot Debian's cloud kernel under qemu, run one
# statically linked program inside it with SCTP loaded, and report its result
# by name.
#
#   tests/vm/run-vm.sh [--timeout SECONDS] [--files DIR] [--console FILE]
#                      NAME PROGRAM [ARG...]
#
# Prints the program's output, then "NAME: PASS" or "NAME: FAIL (<why>)",
# and exits 0 only when the program ran and exited 0. Files the program left
# in its working directory are copied to DIR (--files). The whole console is
# kept in FILE (--console) for debugging. Fails loudly, never skips, when
# qemu, busybox or the kernel package cannot be had: the README's test
# command installs them.
#
# The host has no KVM: qemu emulates (TCG), so timing inside means nothing.
set -u

here=$(cd "$(dirname "$0")" && pwd)
timeout_s=120
files=""
console=""
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) timeout_s=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --console) console=$2; shift 2 ;;
    --) shift; break ;;
    -*) echo "run-vm: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || { echo "usage: $0 [--timeout S] [--files DIR] [--console FILE] NAME PROGRAM [ARG...]" >&2; exit 2; }
name=$1
prog=$2
shift 2

result() { # result PASS|FAIL [why]
  if [ "$1" = PASS ]; then echo "$name: PASS"; exit 0; fi
  echo "$name: FAIL ($2)"
  exit 1
}

qemu=$(command -v qemu-system-x86_64 || true)
[ -n "$qemu" ] || result FAIL "qemu-system-x86_64 not found: apt-get install qemu-system-x86 (tools/run test installs it)"
[ -x "$prog" ] || result FAIL "no program $prog"

kdir=$("$here/fetch-kernel.sh") || result FAIL "could not get the cloud kernel (tests/vm/fetch-kernel.sh)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/make-initramfs.sh" "$kdir" "$work/initrd.gz" "$prog" "$@" ||
  result FAIL "could not build the initramfs (tests/vm/make-initramfs.sh)"

start=$(date +%s)
# -nic none: the guest needs loopback only. -no-reboot with panic=-1: a
# kernel panic ends qemu instead of looping. stdin from /dev/null so qemu
# never takes over a terminal.
timeout -k 5 "$timeout_s" "$qemu" -machine q35 -accel tcg -m 512 -smp 1 \
  -nographic -no-reboot -kernel "$kdir/vmlinuz" -initrd "$work/initrd.gz" \
  -append "console=ttyS0 quiet panic=-1 rdinit=/init" -nic none \
  </dev/null >"$work/console.raw" 2>&1
qrc=$?
elapsed=$(( $(date +%s) - start ))
# Without carriage returns and the terminal escapes SeaBIOS and the kernel
# print (they would glue onto the first line of the guest's output).
tr -d '\r' <"$work/console.raw" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1b[A-Za-z]//g' >"$work/console"
[ -n "$console" ] && cp "$work/console" "$console"

# The program's output (between START and EXIT, file blocks left out), and
# the files, decoded.
# Markers are matched anywhere in a line: a kernel message may precede one.
awk '/XNET-VM-START /{on=1; next} /XNET-VM-EXIT /{on=0} /XNET-VM-FILE-END/{f=0; next}
     /XNET-VM-FILE /{f=1; next} on && !f' "$work/console"
if [ -n "$files" ]; then
  mkdir -p "$files"
  awk -v dir="$work/files" 'BEGIN{system("mkdir -p \"" dir "\"")}
       /XNET-VM-FILE-END/{out=""; next}
       /XNET-VM-FILE /{sub(/.*XNET-VM-FILE /, ""); out=dir "/" $1 ".b64"; printf "" > out; next}
       out != "" {print >> out}' "$work/console"
  for b in "$work/files"/*.b64; do
    [ -f "$b" ] || continue
    f=$(basename "$b" .b64)
    base64 -d "$b" >"$files/$f" || result FAIL "file $f did not decode"
  done
fi

status=$(sed -n 's/.*XNET-VM-EXIT \([0-9][0-9]*\)$/\1/p' "$work/console" | tail -n 1)
err=$(sed -n 's/.*XNET-VM-ERROR //p' "$work/console" | head -n 1)
if [ -z "$status" ]; then
  echo "--- last console lines:"
  tail -n 30 "$work/console"
  if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
    result FAIL "no result: the VM timed out after ${timeout_s} s"
  fi
  result FAIL "no result: qemu exited with $qrc after ${elapsed} s"
fi
[ -n "$err" ] && result FAIL "guest set-up failed: $err"
[ "$status" = 0 ] || result FAIL "the program exited with status $status (${elapsed} s)"
echo "$name: guest $(sed -n 's/.*XNET-VM-START //p' "$work/console" | head -n 1), ${elapsed} s"
result PASS
