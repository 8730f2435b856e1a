"""The one cassette reader and the cassette errors: parsed once with PyYAML's safe LibYAML loader into what vcrpy
reads, and every failure one line that says what is wrong, where, and how to fix it. None of these tests needs the
engine."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import hypothesis
import pytest
import requests
import yaml
from vcr.errors import CannotOverwriteExistingCassetteException
from vcr.serializers import yamlserializer

import conformance
from conformance.cassette import (
    NOT_REQUEST_SHAPING,
    REQUEST_SHAPING,
    CassetteError,
    IncompleteCassette,
    NotACassette,
    NothingToRecheck,
    ReplayMiss,
    UnreadableCassette,
    read_cassette,
    read_header,
    replay_miss,
    request_shaping_files,
)
from conformance.cassette.header import request_shaping_sha
from conformance.cassette.reader import C_LOADER, PYTHON_TAGS, RECORD_HINT, CassetteLoader, deserialize
from conformance.cassette.recording import recording, use_cassette
from conformance.cassette.scan import scan
from conformance.cli import main
from conformance.errors import EXIT_ERROR
from tests.test_cassette_index import BASE, CREDENTIALS, OWN_HEADERS, SAME, request, write

SPEC = Path(__file__).parent.parent / "specs" / "voucherify" / "customers.yaml"

PACKAGE = Path(conformance.__file__).parent


def test_cassettes_load_with_libyamls_safe_loader() -> None:
    assert C_LOADER, "PyYAML without LibYAML: cassettes load about 25x slower"
    assert issubclass(CassetteLoader, yaml.CSafeLoader)


def test_nothing_of_pyyaml_is_changed_for_anyone_else() -> None:
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        assert not set(PYTHON_TAGS) & set(loader.yaml_constructors), f"{loader.__name__} was given our constructors"
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("!!python/tuple [1, 2]", Loader=yaml.CSafeLoader)


ROOT = PACKAGE.parent
# Everything a YAML document may hold that a cassette's plain strings do not: each implicit type, plain and
# quoted, explicit tags (vcrpy's own Python ones included), anchors and aliases, merge keys, a self-reference.
EDGE_DOCUMENT = """
plain: [a, 200, -1_000, 0x1F, 0o17, 1.5, .inf, -.nan, 1e3, true, False, yes, off, ~, null, "", 2016-11-16,
        2016-11-16T14:14:31Z, "200", '1.5', "true", "null", '2016-11-16', ! 12, !!str 12, !!int "12"]
binary: !!binary aGVsbG8=
tuple: !!python/tuple [1, two]
python_str: !!python/str text
body: !!python/object/new:_io.BytesIO {state: [!!binary aGk=, 0, null]}
iterated: !!python/object/apply:builtins.iter {args: [[1, two]]}
unicode: !!python/unicode text
set: !!set {a, b}
omap: !!omap [{a: 1}, {b: 2}]
anchored: &shared {x: [1, 2], "y": "z"}
aliased: *shared
merged: {<<: *shared, w: 1}
value_key: {=: 3}
empty: {}
list_of_empty: [[], {}, '']
multi: |
  line one
  line two
folded: >-
  folded
  text
recursive: &loop [1, *loop]
"""


def _cassette_texts() -> list[Path]:
    return sorted((ROOT / "cassettes").glob("*.yaml"))


@pytest.mark.parametrize("path", _cassette_texts(), ids=lambda path: path.name)
def test_the_loader_builds_what_vcrpys_builds_from_every_committed_cassette(path: Path) -> None:
    text = path.read_text()
    assert deserialize(text) == yamlserializer.deserialize(text)


def test_the_loader_builds_what_vcrpys_builds_from_every_kind_of_yaml() -> None:
    ours, vcrpys = deserialize(EDGE_DOCUMENT), yamlserializer.deserialize(EDGE_DOCUMENT)
    assert ours.pop("body").getvalue() == vcrpys.pop("body").getvalue() == b"hi"
    assert list(ours.pop("iterated")) == list(vcrpys.pop("iterated")) == [1, "two"]
    ours_loop, vcrpys_loop = ours.pop("recursive"), vcrpys.pop("recursive")
    assert ours_loop[0] == vcrpys_loop[0] == 1 and ours_loop[1] is ours_loop and vcrpys_loop[1] is vcrpys_loop
    assert ours == vcrpys
    assert [type(value) for value in ours["plain"]] == [type(value) for value in vcrpys["plain"]]
    assert ours["aliased"] is ours["anchored"], "an alias is the anchored object, not a copy"


def test_every_python_tag_vcrpy_reads_is_read_the_same() -> None:
    for tag in PYTHON_TAGS:
        assert f"!!{tag.removeprefix('tag:yaml.org,2002:')}" in EDGE_DOCUMENT, f"the edge document lacks {tag}"


def test_reading_a_cassette_imports_no_http_patches() -> None:
    code = (
        "import sys; from pathlib import Path; from conformance.cassette.reader import read_cassette; "
        f"read_cassette(Path({str(_cassette_texts()[0])!r})); "
        "print(sorted(m for m in sys.modules if m == 'vcr' or m.startswith('vcr.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_loader_refuses_what_vcrpys_refuses() -> None:
    dangerous = "!!python/object/apply:os.system [echo owned]"
    with pytest.raises(yaml.constructor.ConstructorError):
        yamlserializer.deserialize(dangerous)
    with pytest.raises(yaml.constructor.ConstructorError):
        deserialize(dangerous)


def test_a_cassette_is_parsed_once_per_version(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", [(SAME, b"one")])
    first = read_cassette(path)
    assert read_cassette(path) is first and read_header(path) == {"recorded": {"requests": 1}}
    write(path, [(SAME, b"one"), (SAME, b"two")])
    assert len(read_cassette(path).interactions) == 2


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("interactions:\n- request: {method: GET\n", "line 3, column 1"),
        ("interactions: [\n", "line 2, column 1"),
        ("interactions:\n  - a\n b: c\n", "line 3, column 2"),
    ],
)
def test_yaml_errors_name_the_line(tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(content)
    with pytest.raises(UnreadableCassette) as raised:
        read_cassette(path)
    message = str(raised.value)
    assert says in message and "not valid YAML" in message and "\n" not in message
    with pytest.raises(UnreadableCassette, match=says):
        scan([path])


@pytest.mark.parametrize(
    ("content", "error", "says"),
    [
        (None, UnreadableCassette, "no such file"),
        ("  \n", UnreadableCassette, "the file is empty"),
        (b"interactions: [\xff]\n", UnreadableCassette, "not UTF-8 text (byte 15"),
        ("just: text\n", NotACassette, "no 'interactions' list"),
        ("interactions: [1]\n", NotACassette, "interaction 0 has no request and response"),
        ("interactions: []\n", NotACassette, "no 'conformance' metadata"),
    ],
)
def test_every_other_problem_is_one_line(tmp_path: Path, content: str | bytes | None, error: type, says: str) -> None:
    path = tmp_path / "c.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(error) as raised:
        read_header(path)
    assert says in str(raised.value) and "\n" not in str(raised.value)
    assert isinstance(raised.value, CassetteError)


@pytest.mark.parametrize("content", ["just: text\n", "interactions: []\n"], ids=["no cassette", "no header"])
def test_a_file_that_is_not_a_cassette_is_never_offered_as_the_place_to_record_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    path = tmp_path / "notes.yaml"
    path.write_text(content)
    assert main(["recheck", str(path), "--spec", str(SPEC), "--report-dir", str(tmp_path / "r")]) == EXIT_ERROR
    line = capsys.readouterr().err.strip()
    assert "\n" not in line and line.endswith(RECORD_HINT) and f"--cassette {path}" not in line
    assert path.read_text() == content


def test_a_scan_skips_blank_files(tmp_path: Path) -> None:
    (tmp_path / "blank.yaml").write_text("\n")
    assert scan([tmp_path]) == []


def test_a_folder_scan_skips_yaml_that_is_no_cassette_but_not_a_named_file(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text("openapi: 3.0.1\npaths: {}\n")
    leaky = write(tmp_path / "z.yaml", [(request(), b"{}")])
    leaky.write_text(leaky.read_text().replace("limit=1", "limit=1&secret=abc"))
    skipped: list[Path] = []
    assert [leak.path for leak in scan([tmp_path], skipped)] == [leaky]
    assert skipped == [tmp_path / "spec.yaml"]
    with pytest.raises(NotACassette):
        scan([tmp_path / "spec.yaml"])


def test_an_incomplete_cassette_says_how_many_requests_it_holds(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", [(request(f"/v1/customers?page={n}"), b"{}") for n in range(100)])
    header = {"recorded": {"requests": 253}}
    path.write_text(path.read_text().replace("requests: 100", "requests: 253"))
    with pytest.raises(IncompleteCassette) as raised, recording(path, "none", header, CREDENTIALS):
        pass
    assert str(raised.value).startswith(f"Cassette {path} is incomplete: it holds 100 of the 253 requests its run sent")
    assert "--record-mode all" in str(raised.value)


def test_a_cassette_whose_recording_did_not_finish_says_so(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", [(SAME, b"{}")])
    path.write_text(path.read_text().replace("recorded:\n      requests: 1\n", "seed: 0\n"))
    with (
        pytest.raises(IncompleteCassette, match="its recording did not finish"),
        recording(path, "none", {"seed": 0}, CREDENTIALS),
    ):
        pass


def miss(path: Path, uri: str, times: int = 1) -> CannotOverwriteExistingCassetteException:
    with use_cassette(path, "none", CREDENTIALS), pytest.raises(CannotOverwriteExistingCassetteException) as raised:
        for _ in range(times):
            requests.get(BASE + uri, headers=OWN_HEADERS, timeout=1)
    return raised.value


def test_a_miss_in_a_complete_cassette_names_the_request_and_the_difference(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", [(SAME, b"{}")])
    error = replay_miss(miss(path, "/v1/customers?limit=1&page=3"))
    assert isinstance(error, ReplayMiss) and "\n" not in str(error)
    assert f"no recording of GET {BASE}/v1/customers?limit=1&page=3" in str(error)
    assert "differs in query" in str(error) and "holds all 1 requests" in str(error)
    again = replay_miss(miss(path, "/v1/customers?limit=1&page=2", times=2))
    assert "recorded fewer times than this run sends it" in str(again)


def test_a_miss_in_a_cassette_of_other_releases_names_them(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", [(SAME, b"{}")])
    path.write_text(path.read_text().replace("requests: 1\n", "requests: 1\n    hypothesis: 0.0.1\n"))
    error = replay_miss(miss(path, "/v1/customers?limit=1&page=3"))
    assert f"recorded with other releases (hypothesis 0.0.1 -> {hypothesis.__version__})" in str(error)
    assert "install the recorded releases" in str(error) and "\n" not in str(error)


def test_a_miss_in_an_incomplete_cassette_says_it_is_incomplete(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", [(SAME, b"{}")])
    path.write_text(path.read_text().replace("requests: 1", "requests: 5"))
    error = replay_miss(miss(path, "/v1/other"))
    assert isinstance(error, IncompleteCassette) and "holds 1 of the 5 requests" in str(error)


def test_nothing_to_recheck_is_one_clear_line() -> None:
    error = NothingToRecheck.between("c.yaml", "spec.json", 253, "GET http://h/v1/customers")
    assert "None of the 253 interactions in cassette c.yaml is an operation of spec.json" in str(error)


def test_request_shaping_names_whole_packages_and_generation() -> None:
    files = {path.relative_to(PACKAGE).as_posix() for path in request_shaping_files()}
    assert "generation.py" in files
    assert {f for f in files if f.startswith("probes/")} == {
        p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "probes").rglob("*.py")
    }


def test_every_request_shaping_entry_names_real_modules() -> None:
    for entry in REQUEST_SHAPING:
        assert request_shaping_files(entries=(entry,)), f"{entry!r} names no module of {PACKAGE}"


def test_a_module_added_to_a_request_shaping_package_changes_the_hash(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "probes").mkdir(parents=True)
    (package / "probes" / "a.py").write_text("A = 1\n")
    before = request_shaping_sha(package)
    (package / "probes" / "b.py").write_text("B = 1\n")
    assert request_shaping_sha(package) != before


def test_request_shaping_equals_the_modules_that_shape_requests() -> None:
    """Every module the engine imports is either hashed into cassettes or listed, with a reason, as not shaping
    requests: a new module the engine starts to use fails here until someone decides which it is."""
    graph = grimp.build_graph("conformance")
    engine = graph.find_upstream_modules("conformance.engine.run") | {"conformance.engine.run"}
    imported = {_file(module) for module in engine if module.startswith("conformance")}
    shaping = {p.relative_to(PACKAGE).as_posix() for p in request_shaping_files()}
    not_shaping = {p.relative_to(PACKAGE).as_posix() for p in request_shaping_files(entries=tuple(NOT_REQUEST_SHAPING))}
    # A module named in REQUEST_SHAPING wins over its folder in NOT_REQUEST_SHAPING (checks/view.py in checks/).
    not_shaping -= shaping
    assert imported - shaping - not_shaping == set(), "modules the engine imports that neither list places"
    assert {"generation.py", "engine/run.py", "probes/plan.py", "st.py"} <= shaping


def _file(module: str) -> str:
    relative = module.removeprefix("conformance").lstrip(".").replace(".", "/")
    path = PACKAGE / relative
    return (path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).relative_to(PACKAGE).as_posix()
