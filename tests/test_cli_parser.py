"""The command line builds only the parser of the command it runs (cli.build_parser with
argv, issue 16); what it accepts and what `--help` says stay those of the whole parser."""

from __future__ import annotations

import argparse

import pytest

from peyvand import cli


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


FULL = _commands(cli.build_parser())


def test_every_command_is_built_by_exactly_one_entry_of_the_table() -> None:
    listed = [name for names, _add in cli.COMMANDS for name in names]
    assert sorted(listed) == sorted(FULL)
    assert len(listed) == len(set(listed))
    assert list(FULL) == listed  # --help lists them in the table's order


@pytest.mark.parametrize("name", sorted(FULL))
def test_a_command_alone_is_the_same_parser_as_in_the_whole(name: str) -> None:
    alone = _commands(cli.build_parser([name, "--help"]))
    assert set(alone) <= set(FULL) and name in alone
    assert alone[name].format_help() == FULL[name].format_help()
    assert len(alone) < len(FULL)


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["list", "meetings"], "list"),
        (["--db", "list", "list", "meetings"], "list"),  # a database file named «list»
        (["--db=x.sqlite3", "brief", "meeting", "1"], "brief"),
        (["--passphrase-file", "search", "search", "x"], "search"),
        (["--pass", "search", "backup"], "backup"),  # argparse's abbreviation
        (["--trip", "trip", "check"], "check"),
        (["--demo", "check"], "check"),
        (["--", "check"], "check"),
        (["--help", "list"], None),  # the whole help
        (["-h"], None),
        ([], ""),  # the window: no command's parser at all
        (["--smoke-test"], ""),
        (["--db", "x.sqlite3", "--trip", "y.pvtrip"], ""),
        (["lsit", "meetings"], None),  # a typo: the whole parser says what exists
    ],
)
def test_the_command_is_found_among_the_top_level_options(
    argv: list[str], command: str | None
) -> None:
    assert cli.command_in(argv) == command


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "x.sqlite3", "list", "meetings", "--limit", "3"],
        ["list", "people", "--db", "x.sqlite3"],
        ["brief", "meeting", "1399-001", "-o", "a.pdf"],
        ["server", "user", "add", "maryam", "--role", "staff", "--db", "postgresql://h/d"],
        ["--demo", "search", "سفر", "هیئت"],
        ["--smoke-test"],
        ["--db", "x.sqlite3", "--demo"],
        [],
    ],
)
def test_the_lazy_parser_reads_arguments_as_the_whole_one_does(argv: list[str]) -> None:
    assert vars(cli.build_parser(argv).parse_args(argv)) == vars(
        cli.build_parser().parse_args(argv)
    )


def test_a_typo_is_refused_with_every_command_named(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["lsit", "meetings"])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'lsit'" in err and "'list'" in err and "'screenshot'" in err
