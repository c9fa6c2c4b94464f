#!/usr/bin/env python3
"""Generate offsets.json: a text mixing Persian (with ZWNJ), Arabic diacritics, Hebrew, emoji
(astral, ZWJ sequences, flags, skin tones) and Latin, plus the spans the tests annotate, with
offsets computed by Python's str indexing (code points). Byte and UTF-16 offsets are recorded
too, to show the three units differ. Run: python3 gen_offsets.py > offsets.json"""
import json

text = (
    "خبر 😀 امروز: پزشکیان می‌خواهد به قزاقستان برود.\n"
    "👨‍👩‍👧 خانواده‌ها در تهران 🇮🇷 جمع شدند؛ قیمت ۲۵٪ بالا رفت 👍🏽.\n"
    "\n"
    "مُحَمَّد said שָׁלוֹם in Jerusalem — 3.5 million 💶 (€).\n"
    "آخرین خط بدون emoji."
)
# (exact, occurrence, label, note)
spans = [
    ("😀", 0, "MISC", ""),
    ("پزشکیان", 0, "PER", "رئیس‌جمهور ایران"),
    ("می‌خواهد", 0, "MISC", "ZWNJ inside"),
    ("قزاقستان", 0, "LOC", ""),
    ("👨‍👩‍👧", 0, "NORP", "family ZWJ sequence"),
    ("خانواده‌ها", 0, "NORP", ""),
    ("تهران 🇮🇷", 0, "LOC", "nested outer"),
    ("تهران", 0, "LOC", "nested inner"),
    ("۲۵٪", 0, "PERCENT", ""),
    ("👍🏽", 0, "MISC", "tab\there"),
    ("مُحَمَّد", 0, "PER", ""),
    ("שָׁלוֹם", 0, "MISC", ""),
    ("Jerusalem", 0, "LOC", ""),
    ("3.5 million 💶", 0, "MONEY", ""),
    ("برود.\n👨‍👩‍👧 خانواده", 0, "EVENT", "crosses a line break"),
    ("رفت 👍🏽.\n\nمُحَمَّد", 0, "MISC", "crosses a blank line"),
]

def nth(s, sub, n):
    i = -1
    for _ in range(n + 1):
        i = s.find(sub, i + 1)
        assert i >= 0, sub
    return i

out = []
for exact, occ, label, note in spans:
    start = nth(text, exact, occ)
    end = start + len(exact)
    # brat fragments: split at newlines, empty pieces dropped
    frags, fs = [], start
    for k in range(start, end):
        if text[k] == "\n":
            if fs < k:
                frags.append([fs, k])
            fs = k + 1
    if fs < end:
        frags.append([fs, end])
    out.append({
        "exact": exact, "occurrence": occ, "label": label, "note": note,
        "char_start": start, "char_end": end,
        "byte_start": len(text[:start].encode()), "byte_end": len(text[:end].encode()),
        "utf16_start": len(text[:start].encode("utf-16-le")) // 2,
        "utf16_end": len(text[:end].encode("utf-16-le")) // 2,
        "brat_fragments": frags,
    })
json.dump({"text": text, "char_len": len(text), "spans": out}, open(1, "w", encoding="utf-8"),
          ensure_ascii=False, indent=1)
