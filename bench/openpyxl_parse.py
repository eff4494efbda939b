#!/usr/bin/env python3
"""The baseline of bench/roster.sh: openpyxl's read-only parse of a roster, as a Python importer
would do it before any checking.

    python3 bench/openpyxl_parse.py FILE.xlsx

Opens the workbook with load_workbook(read_only=True, data_only=True), finds the header row (the
first row, within the first 20, holding both 姓名 and 身份证号), then reads every row below it into a
Python list of its values, keeping the non-blank ones. Prints one JSON line:
{"rows": data rows, "seconds": load + read, "peak_rss_mb": the process's peak RSS, "openpyxl": version}.
The time starts after `import openpyxl` (interpreter start-up and the import are not counted).
"""

import json
import resource
import sys
import time

import openpyxl


def main() -> None:
    path = sys.argv[1]
    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = None
    for n, values in enumerate(rows, 1):
        cells = [("" if v is None else str(v).strip()) for v in values]
        if "姓名" in cells and "身份证号" in cells:
            header = cells
            break
        if n >= 20:
            break
    if header is None:
        sys.exit(f"{path}: no header row (姓名, 身份证号) in the first 20 rows")
    width = len(header)
    data = []
    for values in rows:
        row = list(values[:width])
        if any(v is not None and v != "" for v in row):
            data.append(row)
    wb.close()
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KB
    print(json.dumps({"rows": len(data), "seconds": round(seconds, 3),
                      "peak_rss_mb": round(peak_mb, 1), "openpyxl": openpyxl.__version__}))


if __name__ == "__main__":
    main()
