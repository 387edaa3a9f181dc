"""Each command imports its own module only, and opening the app imports none of them."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

from ui import cli


def test_every_command_is_found_in_its_own_module() -> None:
    for name in cli.COMMAND_MODULES:
        sub = argparse.ArgumentParser().add_subparsers(dest="command")
        importlib.import_module(f"ui.cli.{name}").register(sub)
        for command in sub.choices:
            assert cli.COMMANDS[command] == name, command
    assert set(cli.COMMANDS.values()) == set(cli.COMMAND_MODULES)


def test_the_parser_asks_for_the_modules_the_words_need() -> None:
    assert cli.modules_for([]) == ()
    assert cli.modules_for(["--journal", "today", "--open", "brief"]) == ()  # values, not commands
    assert cli.modules_for(["--journal=x.sqlite3", "today", "--json"]) == ("today",)
    assert cli.modules_for(["restore", "--help"]) == ("backup",)
    assert cli.modules_for(["--help"]) == cli.COMMAND_MODULES
    assert cli.modules_for(["todya"]) == cli.COMMAND_MODULES  # argparse says which words there are


def test_opening_the_app_imports_no_command_module() -> None:
    code = (
        "import sys; from ui import cli; cli.build_parser(cli.modules_for([])).parse_args([]); "
        "print(sorted(m for m in sys.modules if m.startswith('ui.cli.') and m != 'ui.cli.terminal'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
