"""Bad input in a corpus folder: each gets a clear error or an empty record with its reason, and none stops
the run or costs another document its record."""

from __future__ import annotations

import base64
import gzip
import json
import os
import random
from pathlib import Path

import pytest

from cleaner import cli
from cleaner.corpus import plan
from cleaner.corpus.manifest import MANIFEST_NAME

from ._corpus_util import article, tree

GOOD = "good.txt"

FRENCH = (
    "PARIS (AFP) — Le président a déclaré mercredi que l’économie française « résiste » malgré la crise, et que "
    "les élèves réussiront leurs examens. « Ça coûte cher, mais c’est nécessaire », a-t-il ajouté devant les "
    "députés réunis à l’Assemblée. Les syndicats, très critiques, ont dénoncé une réforme « brutale » et appelé "
    "à une grève générale jeudi. Où en est la négociation ? Selon le ministère, les discussions reprendront après "
    "l’été, à la rentrée de septembre."
)
SPANISH = (
    "MADRID (EFE) — El Gobierno aprobó el miércoles un plan de ayudas para las familias más afectadas por la "
    "subida de precios. La ministra explicó que la medida costará unos doce mil millones de euros y que llegará "
    "a más de cuatro millones de hogares. «Es una decisión difícil, pero necesaria», añadió. La oposición "
    "criticó que el plan llega tarde y pidió más inversión en educación y sanidad pública para los niños."
)
JAPANESE = (
    "東京（共同）政府は水曜日、新しい経済対策を発表した。首相は記者会見で、物価高に苦しむ家庭を支援すると述べた。"
    "野党は対策が不十分だと批判している。対策の規模は約十二兆円で、年内に補正予算案を国会に提出する方針だ。"
)
RUSSIAN = (
    "МОСКВА, 20 сентября. /ТАСС/. Президент России Владимир Путин заявил в среду, что принял приглашение "
    "посетить Китай в октябре. Об этом он сообщил после встречи с министром иностранных дел Китая в Москве. "
    "По словам президента, стороны обсудили торговлю, энергетику и безопасность в регионе."
)


def clean_folder(tmp_path: Path, files: dict[str, bytes], *args: str) -> tuple[int, Path, str]:
    """Clean a raw folder holding `files` plus one good document; the exit status, output and stderr."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir(exist_ok=True)
    (raw / GOOD).write_text(article(1), encoding="utf-8")
    for name, data in files.items():
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_bytes(data)
    return cli.main([str(raw), "-o", str(out), "--jobs", "1", *args]), out, ""


def record(out: Path, name: str) -> dict:
    return json.loads((out / name).read_text(encoding="utf-8"))


@pytest.fixture
def run_folder(tmp_path: Path, capsys):
    def runner(files: dict[str, bytes], *args: str) -> tuple[int, Path, str]:
        status, out, _ = clean_folder(tmp_path, files, *args)
        err = capsys.readouterr().err
        assert record(out, "good.json")["body"], "the good document lost its record"
        return status, out, err

    return runner


def test_empty_file(run_folder) -> None:
    status, out, err = run_folder({"empty.html": b""})
    assert status == 0
    assert record(out, "empty.json")["reason"] == "empty input"
    assert "empty.html: empty input (empty record written)" in err


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("image.html", b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "PNG image"),
        ("paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + os.urandom(2000), "PDF document"),
        ("archive.htm", b"PK\x03\x04" + os.urandom(2000), "zip archive"),
        ("noise.txt", random.Random(0).randbytes(4000), "binary"),
    ],
)
def test_binary_files_give_empty_records_with_their_kind(run_folder, name: str, data: bytes, kind: str) -> None:
    status, out, err = run_folder({name: data})
    assert status == 0
    reason = record(out, name.rsplit(".", 1)[0] + ".json")["reason"]
    assert reason.startswith("unreadable input: binary input") and kind in reason
    assert f"{name}: {reason}" in err


def test_broken_gzip_gives_an_empty_record(run_folder) -> None:
    status, out, _err = run_folder({"page.html.gz": b"\x1f\x8b\x08\x00garbage that does not inflate"})
    assert status == 0
    assert "gzip" in record(out, "page.json")["reason"]


def test_invalid_utf8_is_decoded_not_fatal(run_folder) -> None:
    data = article(5).encode("utf-8")
    data = data[:200] + b"\xff\xfe\xc3(" + data[200:]
    status, out, _err = run_folder({"bad-utf8.txt": data})
    assert status == 0
    body = record(out, "bad-utf8.json")["body"]
    assert "item 5-3" in body  # the text after the bad bytes is there


@pytest.mark.parametrize(
    ("encoding", "text", "declared"),
    [
        ("cp1252", FRENCH, "windows-1252"),
        ("cp1252", SPANISH, "windows-1252"),
        ("shift_jis", JAPANESE, "shift_jis"),
        ("koi8_r", RUSSIAN, "koi8-r"),
    ],
)
@pytest.mark.parametrize("with_declaration", [True, False])
def test_legacy_encodings_declared_or_detected(run_folder, encoding, text, declared, with_declaration) -> None:
    meta = f'<meta charset="{declared}">' if with_declaration else ""
    page = f"<html><head>{meta}<title>Story</title></head><body><article><p>{text}</p></article></body></html>"
    status, out, _err = run_folder({"page.html": page.encode(encoding), "dump.txt": text.encode(encoding)})
    assert status == 0
    for name in ("page.json", "dump.json"):
        got = record(out, name)
        # The body holds the text's sentences, every letter intact (the dateline may be split off).
        assert text.split(" ", 3)[-1][:60] in got["body"] and text[-60:] in got["body"], name


def test_a_50_mb_page(run_folder) -> None:
    story = "".join(f"<p>{p}</p>" for p in article(9, paragraphs=6).split("\n\n")[3:])
    image = base64.b64encode(random.Random(1).randbytes(37 * 1024 * 1024)).decode()
    page = f'<html><head><title>Big</title></head><body><article>{story}<img src="data:image/png;base64,{image}">'
    page += "</article></body></html>"
    assert len(page) > 50 * 10**6
    status, out, _err = run_folder({"big.html": page.encode()})
    assert status == 0
    assert "item 9-5" in record(out, "big.json")["body"]


def test_html_nested_10000_deep(run_folder) -> None:
    text = "<p>" + article(3).split("\n\n")[4] + "</p>"
    page = "<html><body>" + "<div>" * 10_000 + text + "</div>" * 10_000 + "</body></html>"
    status, out, _err = run_folder({"deep.html": page.encode()})
    assert status == 0
    got = record(out, "deep.json")
    # lxml stops at 256 levels; the streaming fallback still finds the paragraph below them
    assert got["body"] == text[3:-4] and not got.get("reason")


def test_a_page_that_is_only_boilerplate(run_folder) -> None:
    page = "Share\nRead more\nSubscribe to our newsletter\nAdvertisement\nCookie settings\n"
    status, out, _err = run_folder({"chrome.txt": page.encode()})
    assert status == 0
    got = record(out, "chrome.json")
    assert got["body"] == "" and got["reason"] == "no body text found"
    assert got["removed"]


def test_a_symlink_loop_of_folders_is_reported_and_skipped(tmp_path: Path, run_folder) -> None:
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "sub" / "back").symlink_to(raw, target_is_directory=True)
    (raw / "sub" / "page.txt").write_text(article(2), encoding="utf-8")
    status, out, err = run_folder({})
    assert status == 1  # a looping link counts as failed (README: "Bad input")
    assert f"{raw / 'sub' / 'back'}: symbolic link loop (leads back to a folder above); skipped" in err
    assert "1 failed" in err
    assert sorted(tree(out)) == [MANIFEST_NAME, "good.json", "sub/page.json"]


def test_a_symlink_loop_of_files_fails_that_document_only(tmp_path: Path, run_folder) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.html").symlink_to(raw / "b.html")
    (raw / "b.html").symlink_to(raw / "a.html")
    (raw / "dangling.txt").symlink_to(raw / "nowhere.txt")
    status, _out, err = run_folder({})
    assert status == 1
    assert f"{raw / 'a.html'}: cannot read: broken or looping symbolic link" in err
    assert f"{raw / 'dangling.txt'}: cannot read: broken or looping symbolic link" in err
    assert "4 documents: 1 cleaned, 0 skipped, 3 failed" in err


def test_an_unreadable_file(tmp_path: Path, run_folder, monkeypatch) -> None:
    # Tests run as root, for whom chmod 000 changes nothing; the read itself is made to fail instead.
    real = plan.sha256_file  # the planner hashes every input, and so reads it first

    def refuse(path: Path) -> str:
        if path.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(plan, "sha256_file", refuse)
    status, out, err = run_folder({"secret.txt": article(4).encode()})
    assert status == 1
    assert "secret.txt: cannot read: Permission denied" in err
    assert not (out / "secret.json").exists()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_for_real(tmp_path: Path, run_folder) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "secret.txt").write_text(article(4), encoding="utf-8")
    (raw / "secret.txt").chmod(0)
    status, _out, err = run_folder({})
    assert status == 1 and "secret.txt: cannot read" in err


def test_a_pipe_named_like_an_input_does_not_hang_the_run(tmp_path: Path, run_folder) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    os.mkfifo(raw / "pipe.txt")
    status, _out, err = run_folder({})
    assert status == 1
    assert "pipe.txt: not a regular file (a pipe, socket or device); skipped" in err


def test_names_with_spaces_and_non_ascii(run_folder, tmp_path: Path) -> None:
    name = "Nachrichten/Straße mit Leerzeichen — 東京 ÉTÉ.txt"
    status, out, _err = run_folder({name: article(6).encode()})
    assert status == 0
    got = record(out, "Nachrichten/Straße mit Leerzeichen — 東京 ÉTÉ.json")
    assert got["source"] == str(tmp_path / "raw" / name)


def test_a_name_that_is_not_utf8(tmp_path: Path, run_folder) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    path = os.path.join(os.fsencode(raw), b"caf\xe9.txt")
    with open(path, "wb") as handle:
        handle.write(article(7).encode())
    status, _out, err = run_folder({})
    assert status == 1
    assert "the file name is not valid UTF-8; rename it" in err


def test_an_output_that_would_land_outside_the_output_folder(tmp_path: Path, run_folder) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "world").symlink_to(elsewhere, target_is_directory=True)
    status, out, err = run_folder({"world/story.txt": article(8).encode(), "..txt": article(9).encode()})
    assert status == 1
    assert "its record world/story.json would be written outside the output folder" in err
    assert list(elsewhere.iterdir()) == []
    assert (out / "..json").is_file()  # an odd name, but one that stays inside


def test_a_compressed_page_too_large_once_inflated(run_folder, monkeypatch) -> None:
    from cleaner.read import decode

    monkeypatch.setattr(decode, "MAX_DECOMPRESSED_BYTES", 1000)
    status, out, _err = run_folder({"bomb.txt.gz": gzip.compress(b"a" * 100_000)})
    assert status == 0
    assert "larger than" in record(out, "bomb.json")["reason"]
