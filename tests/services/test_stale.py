"""The stale-save rule: their version with my edits re-applied to the fields they did
not touch (services/stale.py), field by field, as the trip merge decides."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peyvand.services.stale import reapply

BASE = {"title": "دیدار", "place": "تالار", "summary": "", "count": 1}


def test_their_change_and_mine_on_other_fields_are_both_kept() -> None:
    mine = {**BASE, "place": "تالار شهر"}
    theirs = {**BASE, "title": "دیدار با هیئت کازان"}
    result = reapply(BASE, mine, theirs)
    assert result.values == {**BASE, "title": "دیدار با هیئت کازان", "place": "تالار شهر"}
    assert result.theirs == ("title",)
    assert result.mine == ("place",)
    assert result.clashes == ()
    assert result.keeps_everything_of_mine


def test_a_field_both_changed_keeps_theirs_and_is_reported() -> None:
    mine = {**BASE, "title": "عنوان من"}
    theirs = {**BASE, "title": "عنوان آنان"}
    result = reapply(BASE, mine, theirs)
    assert result.values["title"] == "عنوان آنان"
    assert result.clashes == ("title",)
    assert result.theirs == ("title",)
    assert not result.keeps_everything_of_mine


def test_the_same_change_on_both_sides_is_no_clash() -> None:
    same = {**BASE, "summary": "نتیجه"}
    result = reapply(BASE, same, same)
    assert result.values == same
    assert result.clashes == ()
    assert result.mine == ()


def test_values_compare_as_json_so_one_and_true_differ() -> None:
    result = reapply({"x": 1}, {"x": True}, {"x": 1})
    assert result.values == {"x": True}
    assert result.mine == ("x",)


def test_a_field_missing_on_one_side_counts_as_none() -> None:
    result = reapply({}, {"new": "من"}, {"other": "آنان"})
    assert result.values == {"new": "من", "other": "آنان"}
    assert result.theirs == ("other",)


def test_the_result_is_a_copy() -> None:
    theirs = {"rows": [{"text": "الف"}]}
    result = reapply({"rows": []}, {"rows": []}, theirs)
    result.values["rows"].append({"text": "ب"})
    assert theirs == {"rows": [{"text": "الف"}]}


values = st.one_of(st.none(), st.integers(-3, 3), st.sampled_from(["", "الف", "ب"]))
rows = st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), values, max_size=4)


# The machine is shared: a slow draw is the machine's, not the strategy's.
relaxed = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@relaxed
@given(rows, rows, rows)
def test_every_field_follows_the_rule(base: dict, mine: dict, theirs: dict) -> None:
    result = reapply(base, mine, theirs)
    for name in {*base, *mine, *theirs}:
        b, m, t = base.get(name), mine.get(name), theirs.get(name)
        got = result.values[name]
        if m in (t, b):
            assert got == t
        elif t == b:
            assert got == m and name in result.mine
        else:
            assert got == t and name in result.clashes
        assert (name in result.theirs) == (t != b)


@relaxed
@given(rows, rows)
def test_nothing_changed_by_them_means_mine_whole(base: dict, mine: dict) -> None:
    assert reapply(base, mine, base).values == {k: mine.get(k) for k in {*base, *mine}}
