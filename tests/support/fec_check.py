#!/usr/bin/python3
"""An independent check of a FEC (fichier des écritures comptables) against LPF art. A47 A-1.

Written from the article and the BOI (BOI-CF-IOR-60-40-20), not from our writer: it reads the
file as bytes and checks what an auditor's tool would.

    fec_check.py FILE [--encoding latin9|utf-8]

Prints one line per problem and exits 1 when there is any, 0 otherwise. Checked:
  - the name <SIREN>FEC<AAAAMMJJ>.txt;
  - the character set: ISO 8859-15 (the default, as A47 A-1 III 1° names it) or UTF-8, no
    control character but the separators;
  - records ending with CR LF or LF, the same throughout;
  - the header: the 18 field names of A47 A-1 VII, in order; one field separator (tab or |),
    unique in the file, 18 fields on every record;
  - each field: dates AAAAMMJJ, amounts with a decimal comma and no thousands separator, the
    fields that go by pairs (CompAuxNum/CompAuxLib, EcritureLet/DateLet,
    Montantdevise/Idevise) filled together, one side of a line only;
  - entries (JournalCode + EcritureNum): their lines together, one date, debit = credit;
    numbers continuous (1, 2, 3…) in each journal; validation dates never going back;
  - the whole file balanced; one label per account and per sub-account;
  - lettering: the lines of a code on an account balance, with one DateLet, on or after each
    of their dates and no later than the closing date.
"""

import re
import sys
from collections import defaultdict
from datetime import date

FIELDS = [
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
    "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
    "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
]
AMOUNT = re.compile(r"^-?[0-9]+(,[0-9]{1,2})?$")
NAME = re.compile(r"^([0-9]{9})FEC([0-9]{8})\.txt$")


def parse_date(text):
    if not re.fullmatch(r"[0-9]{8}", text):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def cents(text):
    if not AMOUNT.match(text):
        return None
    units, _, fraction = text.partition(",")
    negative = units.startswith("-")
    value = abs(int(units)) * 100 + int((fraction + "00")[:2])
    return -value if negative else value


def check(path, encoding):
    problems = []

    def problem(where, message):
        problems.append(f"{where}: {message}")

    file_name = path.rsplit("/", 1)[-1]
    closing = None
    named = NAME.match(file_name)
    if not named:
        problem(file_name, "the name is not <SIREN>FEC<AAAAMMJJ>.txt")
    else:
        closing = parse_date(named.group(2))
        if closing is None:
            problem(file_name, "the closing date of the name is not a date")

    raw = open(path, "rb").read()
    if encoding == "latin9":
        if any(0x80 <= byte <= 0x9F for byte in raw):
            problem(file_name, "bytes 0x80-0x9F have no character in ISO 8859-15")
        text = raw.decode("iso8859_15")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            problem(file_name, f"not UTF-8: {error}")
            return problems
    if text.startswith("\ufeff"):
        problem(file_name, "a byte-order mark before the header")

    if "\r\n" in text:
        records = text.split("\r\n")
        if any("\n" in record or "\r" in record for record in records):
            problem(file_name, "records end with CR LF and with something else")
    else:
        records = text.split("\n")
    if records and records[-1] == "":
        records.pop()
    else:
        problem(file_name, "the last record has no end")
    if not records:
        problem(file_name, "empty file")
        return problems
    for number, record in enumerate(records, 1):
        for character in record:
            if (ord(character) < 0x20 and character != "\t") or ord(character) == 0x7F:
                problem(f"line {number}", f"control character U+{ord(character):04X}")
                break

    header = records[0]
    separator = "\t" if "\t" in header else "|"
    other = "|" if separator == "\t" else "\t"
    if header.split(separator) != FIELDS:
        problem("line 1", f"the header is not the 18 fields of A47 A-1: {header!r}")
        return problems
    if other in text:
        problem(file_name, f"the separator {separator!r} is not the only one: {other!r} appears")

    lines = []
    for number, record in enumerate(records[1:], 2):
        values = record.split(separator)
        if len(values) != len(FIELDS):
            problem(f"line {number}", f"{len(values)} fields instead of 18")
            continue
        line = dict(zip(FIELDS, values))
        line["number"] = number
        where = f"line {number}"
        for field in ("JournalCode", "JournalLib", "EcritureNum", "CompteNum", "CompteLib",
                      "PieceRef", "EcritureLib"):
            if not line[field].strip():
                problem(where, f"{field} is empty")
        for field in ("EcritureDate", "PieceDate", "ValidDate"):
            line[field + "_"] = parse_date(line[field])
            if line[field + "_"] is None:
                problem(where, f"{field} {line[field]!r} is not a date AAAAMMJJ")
        if not re.fullmatch(r"[0-9A-Za-z]+", line["CompteNum"]) or not line["CompteNum"][:3].isdigit():
            problem(where, f"CompteNum {line['CompteNum']!r} is not an account number")
        debit, credit = cents(line["Debit"]), cents(line["Credit"])
        if debit is None or credit is None:
            problem(where, f"amounts {line['Debit']!r} / {line['Credit']!r} are not decimal-comma numbers")
            debit, credit = debit or 0, credit or 0
        if debit and credit:
            problem(where, "both a debit and a credit")
        line["debit"], line["credit"] = debit, credit
        for first, second in (("CompAuxNum", "CompAuxLib"), ("EcritureLet", "DateLet"),
                              ("Montantdevise", "Idevise")):
            if bool(line[first]) != bool(line[second]):
                problem(where, f"{first} and {second} are not filled together")
        line["DateLet_"] = None
        if line["DateLet"]:
            line["DateLet_"] = parse_date(line["DateLet"])
            if line["DateLet_"] is None:
                problem(where, f"DateLet {line['DateLet']!r} is not a date")
        if closing and line["EcritureDate_"] and line["EcritureDate_"] > closing:
            problem(where, "dated after the closing date")
        lines.append(line)

    # Entries: contiguous, one date, balanced; continuous numbers per journal; chronological.
    seen, last_number, last_valid = set(), {}, None
    entry_key, entry_lines = None, []

    def close_entry():
        if not entry_lines:
            return
        journal, number = entry_key
        where = f"entry {journal} {number} (line {entry_lines[0]['number']})"
        if sum(l["debit"] for l in entry_lines) != sum(l["credit"] for l in entry_lines):
            problem(where, "debits and credits differ")
        if len({l["EcritureDate"] for l in entry_lines}) != 1:
            problem(where, "its lines have different dates")
        if len(entry_lines) < 2:
            problem(where, "a single line")

    for line in lines:
        key = (line["JournalCode"], line["EcritureNum"])
        if key != entry_key:
            close_entry()
            if key in seen:
                problem(f"line {line['number']}", f"entry {key} continues after other entries")
            seen.add(key)
            expected = last_number.get(key[0], 0) + 1
            if not key[1].isdigit() or int(key[1]) != expected:
                problem(f"line {line['number']}",
                        f"journal {key[0]}: number {key[1]} where {expected} was next")
            else:
                last_number[key[0]] = expected
            entry_key, entry_lines = key, []
        entry_lines.append(line)
        if line["ValidDate_"]:
            if last_valid and line["ValidDate_"] < last_valid:
                problem(f"line {line['number']}", "ValidDate goes back in time")
            last_valid = line["ValidDate_"]
    close_entry()

    if sum(l["debit"] for l in lines) != sum(l["credit"] for l in lines):
        problem(file_name, "the file is not balanced")

    # One label per account and per sub-account.
    for field, label in (("CompteNum", "CompteLib"), ("CompAuxNum", "CompAuxLib")):
        labels = defaultdict(set)
        for line in lines:
            if line[field]:
                labels[line[field]].add(line[label])
        for account, names in sorted(labels.items()):
            if len(names) > 1:
                problem(file_name, f"{field} {account} has {len(names)} labels: {sorted(names)}")

    # Lettering, per account and sub-account.
    groups = defaultdict(list)
    for line in lines:
        if line["EcritureLet"]:
            groups[(line["CompteNum"], line["CompAuxNum"], line["EcritureLet"])].append(line)
    for (account, aux, code), members in sorted(groups.items()):
        where = f"lettering {code} on {account} {aux}"
        if sum(l["debit"] - l["credit"] for l in members) != 0:
            problem(where, "its lines do not balance in this file")
        dates = {l["DateLet"] for l in members}
        if len(dates) != 1:
            problem(where, f"several DateLet: {sorted(dates)}")
        lettered_on = members[0]["DateLet_"]
        if lettered_on:
            if any(l["EcritureDate_"] and l["EcritureDate_"] > lettered_on for l in members):
                problem(where, "DateLet before one of its lines")
            if closing and lettered_on > closing:
                problem(where, "DateLet after the closing date")
    return problems


def main(arguments):
    if not arguments or len(arguments) not in (1, 3) or (len(arguments) == 3 and arguments[1] != "--encoding"):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    encoding = arguments[2] if len(arguments) == 3 else "latin9"
    if encoding not in ("latin9", "utf-8"):
        print("--encoding: latin9 or utf-8", file=sys.stderr)
        return 2
    problems = check(arguments[0], encoding)
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
