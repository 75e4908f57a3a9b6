"""The demo's data files (resources/demo/*.json) and the loader that reads them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from peyvand.domain.enums import ActionStatus, MeetingKind, Side
from peyvand.paths import resource
from peyvand.services import demo_data
from peyvand.services.demo_data import DemoDataError

ROOT = Path(__file__).resolve().parents[2]


def test_every_file_is_bundled_and_read() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bp_demo", ROOT / "installer" / "bundle_paths.py")
    assert spec is not None and spec.loader is not None
    bp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bp)
    bundled = {p.resolve() for p, dest in bp.data_sources() if dest == "resources/demo"}
    files = {p.resolve() for p in resource("demo").glob("*.json")}
    assert files and files == bundled


def test_loader_gives_typed_records() -> None:
    content = demo_data.content()
    seed = content.seed_meeting
    assert seed.day == dt.date(2021, 2, 4)
    assert seed.start == dt.time(10) and seed.end == dt.time(11, 30)
    assert seed.kind is MeetingKind.OFFICIAL
    assert all(isinstance(side, Side) for _p, side, _r in seed.participants)
    steps = [s for d in seed.decisions if d.follow_up for s in d.follow_up.steps]
    assert any(s.status is ActionStatus.DONE for s in steps)
    first_visit = content.visits[0]
    assert isinstance(first_visit.itinerary[0]["start_time"], dt.time)
    keys = [k for k, _v in content.people]
    assert len(keys) == len(set(keys)) and "person.mayor" in keys


def _broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, edit: object) -> None:
    """A copy of the demo folder with ``name``.json replaced by ``edit``."""
    folder = tmp_path / "resources" / "demo"
    folder.mkdir(parents=True)
    for path in resource("demo").glob("*.json"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / f"{name}.json").write_text(
        edit if isinstance(edit, str) else json.dumps(edit), encoding="utf-8"
    )
    monkeypatch.setattr(
        demo_data, "resource", lambda *parts: tmp_path.joinpath("resources", *parts)
    )
    demo_data.content.cache_clear()


@pytest.mark.parametrize(
    ("name", "edit", "words"),
    [
        ("seed_meeting", "{not json", "seed_meeting.json"),
        ("directory", {"units": [], "organizations": []}, "'people'"),
        ("meetings", {"meetings": [{"key": "m", "title": "t"}]}, "missing"),
        (
            "attachments",
            {
                "attachments": [
                    {"owner": "visit", "key": "k", "name": "n", "text": "t", "colour": "red"}
                ]
            },
            "unknown ['colour']",
        ),
    ],
)
def test_a_broken_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, edit: object, words: str
) -> None:
    _broken(tmp_path, monkeypatch, name, edit)
    try:
        with pytest.raises(DemoDataError, match=words.replace("[", r"\[").replace("]", r"\]")):
            demo_data.content()
    finally:
        demo_data.content.cache_clear()
