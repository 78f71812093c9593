#!/usr/bin/env python3
"""gen_icmp_types.py — generate codecs/src/icmp_types_gen.c, the ICMPv4 and
ICMPv6 type-name tables, from the committed IANA registry snapshots in
codecs/data/ (IANA CSV shape: Type,Name,Reference).

Names follow x/net's ICMPType.String(): rows whose description contains
"Reserved", "Unassigned", "Deprecated", "Experiment" or "experiment" are
dropped (x/net's generator drops the same rows), line breaks become spaces,
and the rest is lower-cased. Dropped types map to NULL.

Usage: gen_icmp_types.py [--check]
  --check  exit 1 if the committed output differs from what would be made.
Standard library only.
"""
import csv
import io
import os
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA = os.path.join(ROOT, "codecs", "data")
OUT = os.path.join(ROOT, "codecs", "src", "icmp_types_gen.c")

SKIP = ("Reserved", "Unassigned", "Deprecated", "Experiment", "experiment")


def read_registry(name):
    """Returns {type: lower-case name} for the kept rows of one CSV."""
    path = os.path.join(DATA, name)
    names = {}
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.DictReader(f)
        if rows.fieldnames[:2] != ["Type", "Name"]:
            sys.exit("%s: expected IANA columns Type,Name,..." % path)
        for row in rows:
            descr = " ".join(row["Name"].split())
            if any(word in descr for word in SKIP):
                continue
            lo, _, hi = row["Type"].partition("-")
            lo = int(lo)
            hi = int(hi) if hi else lo
            if not 0 <= lo <= hi <= 255:
                sys.exit("%s: type %r outside 0..255" % (path, row["Type"]))
            for t in range(lo, hi + 1):
                if t in names:
                    sys.exit("%s: type %d listed twice" % (path, t))
                names[t] = descr.lower()
    return names


def c_string(s):
    if any(c in s for c in '"\\') or not s.isprintable() or not s.isascii():
        sys.exit("unexpected character in name %r" % s)
    return '"%s"' % s


def table(out, var, source, names):
    out.write("/* From codecs/data/%s. */\n" % source)
    out.write("static const char *const %s[256] = {\n" % var)
    for t in sorted(names):
        out.write("    [%d] = %s,\n" % (t, c_string(names[t])))
    out.write("};\n\n")


def lookup(out, func, var, go):
    out.write("/* Go: %s. */\n" % go)
    out.write("const char *%s(int type) {\n" % func)
    out.write("  if (type < 0 || type > 255)\n")
    out.write("    return NULL;\n")
    out.write("  return %s[type];\n" % var)
    out.write("}\n")


def generate():
    v4 = read_registry("icmp-parameters.csv")
    v6 = read_registry("icmpv6-parameters.csv")
    out = io.StringIO()
    out.write("/* icmp_types_gen.c — generated — do not edit.\n"
              " *\n"
              " * Made by tools/gen/gen_icmp_types.py from the IANA registry\n"
              " * snapshots in codecs/data/; edit those and rerun the script.\n"
              " * NULL marks types x/net does not name (its String() prints\n"
              " * \"<nil>\"): unassigned, reserved, deprecated, experimental.\n"
              " */\n"
              "#include \"xnet/icmp.h\"\n\n"
              "#include <stddef.h>\n\n")
    table(out, "icmp4_names", "icmp-parameters.csv", v4)
    table(out, "icmp6_names", "icmpv6-parameters.csv", v6)
    lookup(out, "xnet_icmp4_type_name", "icmp4_names", "ipv4.ICMPType.String")
    out.write("\n")
    lookup(out, "xnet_icmp6_type_name", "icmp6_names", "ipv6.ICMPType.String")
    return out.getvalue()


def main(argv):
    text = generate()
    if argv[1:] == ["--check"]:
        try:
            with open(OUT, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != text:
            sys.stderr.write("%s is stale: run %s\n" % (OUT, argv[0]))
            return 1
        return 0
    if argv[1:]:
        sys.stderr.write(__doc__)
        return 2
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
