#!/usr/bin/env python3
"""Fills the English plural forms of translations/*_en.ts.

The sources say "%n warning(s)"; Qt picks the English form ("1 warning",
"2 warnings") from these catalogues (Qt's "Handling Plurals"). Made with
`lupdate -pluralonly` (see translations/CMakeLists.txt), then this script:
a form already filled is left as it is.
"""
import re
import sys
import xml.etree.ElementTree as ET

# Singular words whose plural is not the source with "(s)" dropped.
SINGULAR = [
    (r"%n log entries were dropped", "%n log entry was dropped"),
    (r"%n entries", "%n entry"),
    (r"entry\(ies\)", "entry"),
    (r"\(s\) were not uploaded", " was not uploaded"),
    (r"\(s\) still have", " still has"),
    (r"request\(s\) \(%2\); those assets were", "request (%2); that asset was"),
    (r"and were not used; they were", "and was not used; it was"),
    (r"\(es\)", ""),
    (r"\(s\)", ""),
]
PLURAL = [(r"entry\(ies\)", "entries"), (r"\(es\)", "es"), (r"\(s\)", "s")]


def forms(source):
    singular = source
    for pattern, replacement in SINGULAR:
        singular = re.sub(pattern, replacement, singular)
    plural = source
    for pattern, replacement in PLURAL:
        plural = re.sub(pattern, replacement, plural)
    return singular, plural


def fill(path):
    tree = ET.parse(path)
    for message in tree.getroot().iter("message"):
        if message.get("numerus") != "yes":
            continue
        source = message.find("source").text
        translation = message.find("translation")
        numerus = translation.findall("numerusform")
        if all(form.text for form in numerus):
            continue
        for form, text in zip(numerus, forms(source)):
            form.text = text
        translation.attrib.pop("type", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # lupdate's own header, so that it rewrites the file with no noise.
    text = text.replace("<?xml version='1.0' encoding='utf-8'?>", '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>', 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + ("" if text.endswith("\n") else "\n"))


for path in sys.argv[1:]:
    fill(path)
