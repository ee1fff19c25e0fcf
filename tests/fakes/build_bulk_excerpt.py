"""Rebuild the real FEC bulk excerpt bundled in `ingest/snapshot/bulk/` (the offline default of
`influence bulk` and the `influence_fec_bulk` DAG), from a folder of the FEC's own files:

    python -m tests.fakes.build_bulk_excerpt ../shared/real-samples/fec_bulk

The excerpt is the FEC's 2020-cycle bulk files as of 2019-03-22, verbatim, zipped in the FEC's
own layout (`2020/indiv20.zip` holding `itcont.txt`, ..., `data_dictionaries/*_header_file.csv`):
the candidate and committee masters, the linkage, itpas2 and itoth in full, the three summary
files, and every other line of itcont.txt (35,336 of its 70,671 individual contributions). These
are public records of the Federal Election Commission. Zip entries carry a fixed time, so
rebuilding from the same files changes no byte.
"""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from pathlib import Path

from ingest.common.settings import PACKAGE_DIR

TARGET = PACKAGE_DIR / "snapshot" / "bulk"
AS_OF = "2019-03-22"
FIXED_TIME = (2019, 3, 22, 0, 0, 0)
# zip name -> (member name in the zip, file in the source folder)
MEMBERS = {
    "indiv20.zip": ("itcont.txt", "cycle2020_201903/itcont_odd_lines.txt"),
    "pas220.zip": ("itpas2.txt", "cycle2020_201903/itpas2.txt"),
    "oth20.zip": ("itoth.txt", "cycle2020_201903/itoth.txt"),
    "cn20.zip": ("cn.txt", "cycle2020_201903/cn.txt"),
    "cm20.zip": ("cm.txt", "cycle2020_201903/cm.txt"),
    "ccl20.zip": ("ccl.txt", "cycle2020_201903/ccl.txt"),
    "weball20.zip": ("weball20.txt", "cycle2020_201903/weball20.txt"),
    "webl20.zip": ("webl20.txt", "cycle2020_201903/webl20.txt"),
    "webk20.zip": ("webk20.txt", "cycle2020_201903/webk20.txt"),
}
HEADERS = ("cn", "cm", "ccl", "indiv", "pas2", "oth")
NOTE = ("REAL FEC bulk data: the FEC's 2020-cycle bulk files as of 2019-03-22 (masters, linkage, "
        "itpas2, itoth and the summaries in full; every other line of the individual "
        "contributions file, 35,336 of 70,671 rows), https://www.fec.gov/data/browse-data/"
        "?tab=bulk-data")


def build(source: Path, target: Path = TARGET) -> None:
    if target.exists():
        shutil.rmtree(target)
    (target / "2020").mkdir(parents=True)
    for zip_name, (member, relative) in MEMBERS.items():
        info = zipfile.ZipInfo(member, date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zipfile.ZipFile(target / "2020" / zip_name, "w") as archive:
            archive.writestr(info, (source / relative).read_bytes(), compresslevel=9)
    (target / "data_dictionaries").mkdir()
    for name in HEADERS:
        shutil.copyfile(source / "headers" / f"{name}_header_file.csv",
                        target / "data_dictionaries" / f"{name}_header_file.csv")
    manifest = {"as_of": AS_OF, "note": NOTE,
                "files": {zip_name: {"as_of": AS_OF, "member": member, "excerpt_of": relative}
                          for zip_name, (member, relative) in MEMBERS.items()}}
    (target / "bulk_manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else
          PACKAGE_DIR.parent.parent / "shared" / "real-samples" / "fec_bulk")
    print(f"wrote {TARGET}")
