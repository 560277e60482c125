#!/usr/bin/python3
"""Turns the SQL of one request, as PostgreSQL logged it, into a pgbench script (bench/ratios.sh).

    replay_sql.py SERVER_LOG MARKER [VALUE=EXPRESSION ...] > script.sql

The log must come from a cluster with log_line_prefix = '%p|' and log_statement = 'all'. The
request is the transaction of the backend that logged MARKER (a value only that request sends,
e.g. its trainee's e-mail address) as a parameter: from the BEGIN before it (and a ping just
before that BEGIN, if any) to its COMMIT; or, for a request sent without a transaction (each
statement committing itself), every statement of that backend up to the last that sends MARKER
(the request must then be the backend's first: ratios.sh ends the server's connections before
it). Each statement is written with its parameters as
literals, except that a parameter whose whole value is one of the VALUEs is written as its
EXPRESSION (raw SQL, pgbench variables allowed: ids become currval(…), the e-mail address and
the keys become unique per transaction), so that the script can run again and again.
DEALLOCATE statements are counted but not replayed (pgbench sends plain queries: nothing is
prepared); a ping (a query that is only a comment) is replayed as SELECT 1.

Prints on stderr: round trips (statements sent), of which inside the transaction, prepared
statements executed, DEALLOCATEs, pings.
"""

import re
import sys

ENTRY = re.compile(r"^(\d+)\|(LOG|DETAIL|ERROR|STATEMENT|WARNING|NOTICE|HINT|CONTEXT):  (.*)$")
STATEMENT = re.compile(r"^(?:statement|execute ([^:]+)): (.*)$", re.S)
PARAM = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')")


def read_entries(path):
    """[(pid, kind, text)] with continuation lines joined to their entry."""
    entries = []
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            line = line.rstrip("\n")
            match = ENTRY.match(line)
            if match:
                entries.append([match.group(1), match.group(2), match.group(3)])
            elif entries:
                entries[-1][2] += "\n" + line
    return entries


def statements_of(entries):
    """Per pid: [(name or None, sql, {n: literal})] in log order, parameters attached."""
    by_pid = {}
    for pid, kind, text in entries:
        if kind == "LOG":
            match = STATEMENT.match(text)
            if match:
                by_pid.setdefault(pid, []).append([match.group(1), match.group(2), {}])
        elif kind == "DETAIL" and text.startswith("parameters: ") and by_pid.get(pid):
            by_pid[pid][-1][2] = {int(n): v for n, v in PARAM.findall(text)}
    return by_pid


ENDS = ("COMMIT", "ROLLBACK")


def is_ping(sql):
    return re.fullmatch(r"\s*/\*.*\*/\s*;?\s*", sql, re.S) is not None


def main():
    path, marker, *pairs = sys.argv[1:]
    replacements = {}
    for pair in pairs:
        value, expression = pair.split("=", 1)
        replacements["'" + value.replace("'", "''") + "'"] = expression
    quoted_marker = "'" + marker.replace("'", "''") + "'"

    for pid, statements in statements_of(read_entries(path)).items():
        hit = next((i for i, s in enumerate(statements) if quoted_marker in s[2].values()), None)
        if hit is None:
            continue
        words = [s[1].strip().upper() for s in statements]
        begin = max((i for i in range(hit + 1) if words[i] == "BEGIN"), default=None)
        if begin is not None and all(w not in ENDS for w in words[begin:hit]):
            end = next(i for i in range(hit, len(statements)) if words[i] in ENDS)
            first = begin - 1 if begin > 0 and is_ping(statements[begin - 1][1]) else begin
        else:
            # Sent without a transaction: the backend's statements from its first (ratios.sh
            # gives the request a new connection) to the last that sends MARKER.
            begin = None
            first = 0
            end = max(i for i, s in enumerate(statements) if quoted_marker in s[2].values())
        break
    else:
        sys.exit(f"replay_sql.py: no logged statement has the parameter {marker!r}")

    out, prepared, deallocations, pings = [], 0, 0, 0
    for name, sql, params in statements[first:end + 1]:
        if re.match(r"\s*DEALLOCATE\b", sql, re.I):
            deallocations += 1
            continue
        if is_ping(sql):
            pings += 1
            out.append("SELECT 1;")
            continue
        if name is not None and name != "<unnamed>":
            prepared += 1

        def literal(match):
            value = params[int(match.group(1))]
            return replacements.get(value, value)

        text = re.sub(r"\$(\d+)\b", literal, sql) if params else sql
        # pgbench reads one command per line unless it ends with a semicolon: one line each.
        out.append(" ".join(text.split()).rstrip(";") + ";")
    print("\n".join(out))
    inside, in_transaction = 0, 0
    if begin is not None:
        in_transaction = end - begin - 1
        inside = in_transaction - sum(1 for _, sql, _ in statements[begin + 1:end]
                                      if re.match(r"\s*DEALLOCATE\b", sql, re.I))
    print(f"round_trips={end - first + 1} inside_transaction={in_transaction} "
          f"replayed_inside={inside} prepared_executions={prepared} "
          f"deallocations={deallocations} pings={pings}", file=sys.stderr)


if __name__ == "__main__":
    main()
