"""The wheel carries the top-level rules/ folder: built, installed (not editable) into a fresh venv,
and used from outside the checkout to clean a seed."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from .conftest import ROOT

DISTRIBUTION = "scrape-cleaner"  # the name on PyPI; the import package and the commands stay `cleaner`
BUILD_LOGS: dict[Path, str] = {}  # each wheel built here -> what pip printed on stderr while building it


def build_wheel(source: Path, out: Path, env: dict[str, str] | None = None) -> Path:
    """The wheel of the project at `source`, built into `out` with this environment's setuptools."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    wheel = next(out.glob("scrape_cleaner-*.whl"))
    BUILD_LOGS[wheel] = result.stderr
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(ROOT, tmp_path_factory.mktemp("dist"))


@pytest.mark.slow
def test_wheel_contains_rules(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "cleaner/rules/agencies.toml" in names
    assert "cleaner/rules/boilerplate/en.toml" in names
    assert "cleaner/record.schema.json" in names


def install(wheel: Path, tmp_path: Path) -> Path:
    """A fresh venv holding the wheel, its dependencies borrowed from this environment; its python."""
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    # The fresh venv gets the wheel itself; its dependencies are borrowed from this environment
    # through a .pth file, so the test needs no network and still imports nothing from the checkout.
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, capture_output=True
    )
    return python


@pytest.mark.slow
def test_installed_wheel_cleans_a_seed(wheel: Path, tmp_path: Path) -> None:
    python = install(wheel, tmp_path)
    env = tmp_path / "venv"
    seed = ROOT / "corpus_raw" / "002_6cd2cbeaee8cb13d.txt"
    script = (
        "import json, sys, cleaner, cleaner.ruleset.load as r;"
        "rec = cleaner.clean(open(sys.argv[1], 'rb').read());"
        "print(json.dumps({'file': cleaner.__file__, 'rules': str(r.builtin_rules_dir()), 'rec': rec.to_dict()}))"
    )
    result = subprocess.run(
        [str(python), "-c", script, str(seed)], check=True, capture_output=True, text=True, cwd=tmp_path
    )
    out = json.loads(result.stdout)
    assert str(env) in out["file"] and out["rules"].startswith(str(env)), out
    assert out["rec"]["dateline"]["agency"] == "AP"
    assert [r["kind"] for r in out["rec"]["removed"]].count("caption") == 3


@pytest.mark.slow
def test_without_a_c_compiler_it_installs_and_cleans_the_same(tmp_path: Path) -> None:
    """The C modules are optional: a build whose compiler fails gives a wheel without them, and that
    package makes the same record as this one (which has them, see test_speedups)."""
    import cleaner

    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".*", "build", "*.so", "*.egg-info", "__pycache__"))
    wheel = build_wheel(source, tmp_path / "dist", env={**os.environ, "CC": "false"})  # every compile fails
    import zipfile

    assert not [name for name in zipfile.ZipFile(wheel).namelist() if name.endswith(".so")]
    python = install(wheel, tmp_path)
    seed = ROOT / "corpus_raw" / "002_6cd2cbeaee8cb13d.txt"
    script = (
        "import json, sys, cleaner, cleaner.speedups as s;"
        "rec = cleaner.clean(open(sys.argv[1], 'rb').read(), fmt='text');"
        "print(json.dumps({'compiled': s.compiled(), 'rec': rec.to_dict()}))"
    )
    result = subprocess.run(
        [str(python), "-c", script, str(seed)], check=True, capture_output=True, text=True, cwd=tmp_path
    )
    out_json = json.loads(result.stdout)
    assert out_json["compiled"] == []
    assert out_json["rec"] == cleaner.clean(seed.read_bytes(), fmt="text").to_dict()


@pytest.mark.slow
def test_wheel_build_prints_no_backend_warning(wheel: Path) -> None:
    """The C extensions are declared in setup.py (stable), not pyproject's experimental ext-modules table,
    which made every install print a BuildBackendWarning."""
    assert "BuildBackendWarning" not in BUILD_LOGS[wheel], BUILD_LOGS[wheel]


@pytest.mark.slow
def test_wheel_metadata_names_the_distribution(wheel: Path) -> None:
    import zipfile

    archive = zipfile.ZipFile(wheel)
    metadata = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert f"Name: {DISTRIBUTION}" in metadata.splitlines()
    assert "Description-Content-Type: text/markdown" in metadata
    assert "Classifier: Typing :: Typed" in metadata
    assert any(line.startswith("Project-URL: Source, ") for line in metadata.splitlines())
    assert f"pip install {DISTRIBUTION}" in metadata  # the README, as the long description, says how
    entry_points = archive.read(next(n for n in archive.namelist() if n.endswith("entry_points.txt"))).decode()
    assert "cleaner = cleaner.cli:main" in entry_points and "cleaner-hook = cleaner.hook:main" in entry_points


def test_setup_builds_every_c_module_that_speedups_names() -> None:
    """setup.py finds the C sources by their place; cleaner/speedups.py must know each of them."""
    from cleaner.speedups import MODULES

    spec = importlib.util.spec_from_file_location("project_setup", ROOT / "setup.py")
    setup_py = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(setup_py)  # defines extensions(); setup() runs only as __main__
    built = setup_py.extensions(ROOT)
    assert sorted(e.name for e in built) == sorted(MODULES.values())
    assert all(e.optional and e.extra_compile_args == ["-O2", "-ffp-contract=off"] for e in built)


@pytest.mark.slow
def test_editable_install_prints_no_backend_warning(tmp_path: Path) -> None:
    """The README's development set-up (`pip install -e .`, build isolation and all: setuptools comes from the
    index as for anyone) prints no BuildBackendWarning either."""
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".*", "build", "*.so", "*.egg-info", "__pycache__"))
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    result = subprocess.run(
        [str(env / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "-e", str(source)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert "BuildBackendWarning" not in result.stderr, result.stderr
