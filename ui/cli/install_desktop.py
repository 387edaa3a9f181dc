"""`sales-journal install-desktop`: a launcher entry and an icon for the desktop's app menu."""

from __future__ import annotations

import argparse
import sys

from ui.shell import desktop


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "install-desktop",
        help="add Sales Journal to the desktop's app menu, with its icon",
        description=f"On Linux, writes {desktop.APP_ID}.desktop to $XDG_DATA_HOME/applications and its icon "
        "to $XDG_DATA_HOME/icons/hicolor/scalable/apps (XDG_DATA_HOME defaults to ~/.local/share). "
        "On other systems, says how to make a shortcut.",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ui.cli import EXIT_FAILED, CommandError

    if not sys.platform.startswith("linux") and not sys.platform.startswith("freebsd"):
        print(desktop.other_system_advice())
        return 0
    try:
        done = desktop.install()
    except OSError as e:
        raise CommandError(f"The launcher could not be installed: {e.strerror or e}.", EXIT_FAILED) from e
    print(f"Installed {done.entry}")
    print(f"      and {done.icon}")
    print("Sales Journal is in your app menu now (log out and in if it does not show yet).")
    return 0
