#!/usr/bin/env python3
"""Build assets/gazetteer/cldr.tsv from CLDR JSON (Unicode-3.0 licence).

Reproduce with one command from the repository root:

    python3 tools/build_gazetteer.py            # runs `npm pack` for the pinned CLDR packages

or point it at already unpacked packages:

    python3 tools/build_gazetteer.py --localenames DIR --dates DIR

Output columns: kind, key, lang, name. Kinds: LOC (countries, regions, time-zone exemplar
cities), ORG (CLDR's EU/UN pseudo-territories), NORP (demonyms generated from the Persian and
Arabic country names). Keys are language-independent ("country:KZ", "city:Asia/Tehran") so all
spellings of one place group together.
"""
import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile

CLDR_VERSION = "48.2.0"
LANGS = ["fa", "ar", "he", "en"]
# Territory codes that are not places: unknown, pseudo-locales, groupings that are bodies.
SKIP = {"ZZ", "XA", "XB", "QO", "EZ", "UN", "EU"}
ORGS = {"EU": "org:EU", "UN": "org:UN"}
ZWNJ = "\u200c"


def npm_unpack(pkg, dest):
    out = subprocess.run(
        ["npm", "pack", f"{pkg}@{CLDR_VERSION}", "--silent"],
        cwd=dest, check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]
    target = os.path.join(dest, pkg)
    with tarfile.open(os.path.join(dest, out)) as tf:
        tf.extractall(target, filter="data")
    return os.path.join(target, "package")


def fa_demonyms(name):
    """Persian nisba forms: ایران → ایرانی, ایرانی‌ها, ایرانیان; آمریکا → آمریکایی; ترکیه → ترکیه‌ای."""
    if " " in name:
        return []
    if name.endswith("ه"):
        base = [name + ZWNJ + "ای"]
    elif name.endswith(("ا", "و")):
        base = [name + "یی"]
    elif name.endswith("ی"):
        base = [name + "ایی"]
    else:
        base = [name + "ی"]
    out = []
    for b in base:
        out += [b, b + ZWNJ + "ها", b + "ان" if not b.endswith("یی") else b + "ان"]
    return out


def ar_demonyms(name):
    """Arabic nisba forms: العراق → عراقي, عراقية, عراقيون, عراقيين (plus ال- forms)."""
    if " " in name:
        return []
    stem = name[2:] if name.startswith("ال") else name
    if stem.endswith(("ا", "ة")):
        stem = stem[:-1]
    forms = [stem + s for s in ("ي", "ية", "يون", "يين")]
    return forms + ["ال" + f for f in forms]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--localenames")
    ap.add_argument("--dates")
    ap.add_argument("--out", default="assets/gazetteer/cldr.tsv")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    ln = args.localenames or npm_unpack("cldr-localenames-full", tmp)
    dt = args.dates or npm_unpack("cldr-dates-full", tmp)

    rows = set()
    for lang in LANGS:
        terr = json.load(open(f"{ln}/main/{lang}/territories.json", encoding="utf-8"))
        terr = terr["main"][lang]["localeDisplayNames"]["territories"]
        for code, name in terr.items():
            base = code.split("-alt-")[0]
            if base in ORGS:
                rows.add(("ORG", ORGS[base], lang, name))
                continue
            if base in SKIP or base.isdigit() and base == "001":
                continue
            key = ("region:" if base.isdigit() else "country:") + base
            rows.add(("LOC", key, lang, name))
            if " (" in name:
                # "میانمار (برمه)": text says just "میانمار".
                name = name.split(" (")[0]
                rows.add(("LOC", key, lang, name))
            if base.isdigit():
                continue
            if lang == "fa":
                for d in fa_demonyms(name):
                    rows.add(("NORP", "norp:" + base, lang, d))
            elif lang == "ar":
                for d in ar_demonyms(name):
                    rows.add(("NORP", "norp:" + base, lang, d))
        tz = json.load(open(f"{dt}/main/{lang}/timeZoneNames.json", encoding="utf-8"))
        zones = tz["main"][lang]["dates"]["timeZoneNames"]["zone"]

        def walk(node, path):
            for k, v in node.items():
                if not isinstance(v, dict):
                    continue
                if "exemplarCity" in v:
                    zid = "/".join(path + [k])
                    if zid.startswith("Etc/"):
                        continue
                    rows.add(("LOC", "city:" + zid, lang, v["exemplarCity"]))
                else:
                    walk(v, path + [k])

        walk(zones, [])
        if lang == "en":
            # English exemplar cities are mostly implicit (derived from the zone id).
            en_cities = {r[1] for r in rows if r[1].startswith("city:") and r[2] == "en"}
            for r in list(rows):
                if r[1].startswith("city:") and r[1] not in en_cities:
                    city = r[1].rsplit("/", 1)[-1].replace("_", " ")
                    rows.add(("LOC", r[1], "en", city))
                    en_cities.add(r[1])

    rows = sorted(r for r in rows if len(r[3]) >= 2)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Generated by tools/build_gazetteer.py from CLDR %s (Unicode-3.0). Do not edit.\n" % CLDR_VERSION)
        f.write("# kind\tkey\tlang\tname\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} rows to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
