"""The `assemblea sortition` command: outputs, exit codes, and one clear message per bad input."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from assemblea.cli import main

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sortition"
FEATURES = str(FIXTURES / "features.csv")
PEOPLE = str(FIXTURES / "people.csv")
TINY = ["--features", FEATURES, "--people", PEOPLE, "--seats", "7", "--id-column"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["sortition", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_select_writes_outputs_and_verify_confirms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, err = run(
        capsys,
        "select",
        *TINY,
        "person_id",
        "--seed",
        "3 14 15 92",
        "--lottery-size",
        "100",
        "--out",
        str(out),
    )
    assert code == 0, err
    assert "Traceback" not in err
    with (out / "panel.csv").open(encoding="utf-8") as handle:
        panel = list(csv.reader(handle))
    assert panel[0][0] == "person_id"
    assert panel[0] == ["person_id", "name", "gender", "age", "area", "street", "postcode"]
    assert len(panel) == 8
    with (out / "probabilities.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 24
    assert sum(float(r["probability"]) for r in rows) == pytest.approx(7, abs=1e-6)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["algorithm"] == "leximin"
    assert report["inputs"]["people"]["sha256"]
    assert report["draw"]["panel"] == [row[0] for row in panel[1:]]
    # verify: on "another machine" = only the published files and the seed.
    published = tmp_path / "published"
    published.mkdir()
    shutil.copy(out / "report.json", published / "report.json")
    code, stdout, _ = run(
        capsys,
        "verify",
        "--report",
        str(published / "report.json"),
        "--seed",
        "3 14 15 92",
        "--panel",
        str(out / "panel.csv"),
        "--features",
        FEATURES,
        "--people",
        PEOPLE,
    )
    assert code == 0
    assert "VERIFIED" in stdout
    code, stdout, _ = run(
        capsys, "verify", "--report", str(published / "report.json"), "--seed", "3 14 15 93"
    )
    assert code in (0, 1)  # another seed may pick the same panel by chance, rarely
    # replace two people
    code, stdout, err = run(
        capsys,
        "replace",
        "--report",
        str(out / "report.json"),
        "--features",
        FEATURES,
        "--people",
        PEOPLE,
        "--dropouts",
        panel[1][0],
        panel[2][0],
        "--seed",
        "2 7 1 8",
        "--lottery-size",
        "50",
        "--out",
        str(tmp_path / "replaced"),
    )
    assert code == 0, err
    new_panel = (tmp_path / "replaced" / "panel.csv").read_text(encoding="utf-8")
    assert panel[1][0] not in new_panel
    assert len(new_panel.strip().splitlines()) == 8


def test_select_without_seed_then_draw(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = TINY
    code, _, err = run(
        capsys, "select", *args, "person_id", "--lottery-size", "20", "--out", str(out)
    )
    assert code == 0, err
    assert not (out / "panel.csv").exists()
    code, _, err = run(
        capsys, "draw", "--report", str(out / "report.json"), "--people", PEOPLE, "--seed", "5"
    )
    assert code == 0, err
    assert (out / "panel.csv").exists()
    code, _stdout, _ = run(capsys, "verify", "--report", str(out / "report.json"), "--seed", "5")
    assert code == 0


def test_infeasible_exit_2_with_relaxation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "select",
        "--features",
        str(FIXTURES / "features_infeasible.csv"),
        "--people",
        PEOPLE,
        "--seats",
        "7",
        "--seed",
        "1",
        "--out",
        str(tmp_path / "o"),
    )
    assert code == 2
    assert "No panel can meet these quotas" in err
    assert "gender = woman" in err or "gender = man" in err
    assert "lower the minimum" in err
    assert not (tmp_path / "o").exists()


def write(path: Path, text: str, encoding: str = "utf-8") -> str:
    path.write_bytes(text.encode(encoding))
    return str(path)


FEATURES_TEXT = "feature,value,min,max\ng,a,1,2\ng,b,1,2\n"
PEOPLE_TEXT = "id,g\n1,a\n2,b\n3,a\n4,b\n"


@pytest.mark.parametrize(
    ("features", "people", "seats", "expected"),
    [
        (FEATURES_TEXT, "id,h\n1,a\n", 2, ["people.csv", "line 1", "column 'g'"]),
        (FEATURES_TEXT, "id,g\n1,a\n2,c\n", 2, ["people.csv", "line 3", "'c' has no quota"]),
        (FEATURES_TEXT, "id,g\n1,a\n1,b\n", 2, ["people.csv", "line 3", "used twice"]),
        ("feature,value,min,max\ng,a,3,2\n", PEOPLE_TEXT, 2, ["features.csv", "line 2", "min"]),
        (FEATURES_TEXT, "id,g\n", 2, ["people.csv", "empty"]),
        (FEATURES_TEXT, PEOPLE_TEXT, 5, ["people.csv", "5 seats", "only 4"]),
        (FEATURES_TEXT, PEOPLE_TEXT, 0, ["at least 1"]),
        ("feature,value,min,max\ng,a,x,2\n", PEOPLE_TEXT, 2, ["line 2", "column 'min'"]),
        ("feature,value\ng,a\n", PEOPLE_TEXT, 2, ["features.csv", "'min'"]),
        ("foo,bar\n", PEOPLE_TEXT, 2, ["features.csv", "line 1", "quota format"]),
        ("", PEOPLE_TEXT, 2, ["features.csv", "empty"]),
    ],
)
def test_bad_input_one_clear_message(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    features: str,
    people: str,
    seats: int,
    expected: list[str],
) -> None:
    f = write(tmp_path / "features.csv", features)
    p = write(tmp_path / "people.csv", people)
    code, _, err = run(
        capsys, "select", "--features", f, "--people", p, "--seats", str(seats), "--out", "x"
    )
    assert code == 2
    assert "Traceback" not in err
    assert err.startswith("error: ")
    for fragment in expected:
        assert fragment in err


def test_missing_file_and_missing_id_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "check", "--features", "nope.csv", "--people", PEOPLE, "--seats", "2"
    )
    assert code == 2 and "nope.csv" in err and "not found" in err
    code, _, err = run(
        capsys,
        "check",
        *TINY,
        "nope",
    )
    assert code == 2 and "column 'nope'" in err


def test_bom_and_windows_1252_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path / "features.csv", "\ufefffeature,value,min,max\ng,é,1,2\ng,b,1,2\n")
    p = write(tmp_path / "people.csv", "id,g,name\n1,é,José\n2,b,Zoë\n3,b,Ana\n", "cp1252")
    code, _, err = run(capsys, "check", "--features", f, "--people", p, "--seats", "2")
    assert code == 0, err
    assert "Windows-1252" in err
    p16 = write(tmp_path / "people16.csv", "\ufeffid;g\n1;é\n2;b\n", "utf-16-le")
    code, _out, err = run(capsys, "check", "--features", f, "--people", p16, "--seats", "2")
    assert code == 0, err


def test_bom_on_the_people_file_keeps_the_id_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = write(tmp_path / "features.csv", FEATURES_TEXT)
    p = write(tmp_path / "people.csv", "\ufeff" + PEOPLE_TEXT)
    args = ["--features", f, "--people", p, "--seats", "2", "--id-column", "id"]
    code, _, err = run(capsys, "select", *args, "--seed", "1", "--out", str(tmp_path / "o"))
    assert code == 0, err
    panel = (tmp_path / "o" / "panel.csv").read_text(encoding="utf-8")
    assert panel.startswith("id,g\n")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("id,g\n1,a\n2,b\n".encode("utf-16-le"), ["people.csv", "line 1", "UTF-16"]),
        ("id,g\n1,a\n2,b\n3,é\n".encode("cp1252"), ["line 4", "column 'g'", "'é' has no"]),
    ],
)
def test_other_encodings_one_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, expected: list[str]
) -> None:
    f = write(tmp_path / "features.csv", FEATURES_TEXT)
    (tmp_path / "people.csv").write_bytes(data)
    p = str(tmp_path / "people.csv")
    code, _, err = run(capsys, "check", "--features", f, "--people", p, "--seats", "2")
    assert code == 2
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("error: ")]) == 1
    for fragment in expected:
        assert fragment in err


def test_pool_of_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path / "features.csv", "feature,value,min,max\ng,a,0,1\n")
    p = write(tmp_path / "people.csv", "id,g\nx,a\n")
    args = ["--features", f, "--people", p, "--seats", "1", "--seed", "1"]
    code, _, err = run(capsys, "select", *args, "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert (tmp_path / "o" / "panel.csv").read_text(encoding="utf-8") == "id,g\nx,a\n"


def test_pool_of_100000(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    values = ["a", "b", "c", "d"]
    rows = "".join(f"{i},{values[i % 4]},{values[(i // 4) % 4]}\n" for i in range(100_000))
    p = write(tmp_path / "people.csv", "id,g,h\n" + rows)
    quotas = "".join(f"g,{v},5,20\nh,{v},5,20\n" for v in values)
    f = write(tmp_path / "features.csv", "feature,value,min,max\n" + quotas)
    args = ["--features", f, "--people", p, "--seats", "40", "--lottery-size", "10"]
    code, _, err = run(capsys, "select", *args, "--seed", "1", "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert "--lottery-size 25000 or more" in err
    report = json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))
    assert report["probabilities"]["min"] == pytest.approx(40 / 100_000)
