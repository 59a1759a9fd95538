"""The command line: ``burdenshare history | schedule | compare | simulate | negotiate ...``.

Tables by default, ``--format csv|json`` for machines, ``--plot FILE.png|svg`` for a chart. The
language (``--lang ko|en``, else ``BURDENSHARE_LANG``, else the locale) is chosen before the
commands are built, so that help texts, headings, messages and charts all read in it. Bad input
prints one line naming the flag, file or field, and exits with code 2. Only Typer loads at
start-up; pandas, numpy and matplotlib load when a command runs.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from ..errors import BurdenshareError, InputError
from ..i18n import normalize, set_language

if TYPE_CHECKING:
    import typer

LANG_ENV = "BURDENSHARE_LANG"


def take_language(argv: list[str]) -> tuple[str | None, list[str]]:
    """--lang wherever it stands (before or after the command), and the arguments without it."""
    lang, rest, skip = None, [], False
    for i, a in enumerate(argv):
        if skip:
            skip = False
            continue
        if a == "--lang" and i + 1 < len(argv):
            lang, skip = argv[i + 1], True
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
        else:
            rest.append(a)
    return lang, rest


def choose_language(asked: str | None) -> str:
    """--lang as given (see take_language), then BURDENSHARE_LANG, then the locale (LC_ALL, LC_MESSAGES, LANG)."""
    if asked is not None:
        return normalize(asked) or "en"
    for var in (LANG_ENV, "LC_ALL", "LC_MESSAGES", "LANG"):
        lang = normalize(os.environ.get(var))
        if lang:
            return lang
    return "en"


# The modules that register commands, in the order of the help's list, each with its register
# functions; and which module registers each command (tests/test_cli.py checks it against the full
# build). A run of one command builds only its module's commands (the others' modules, their flags
# and help texts cost a command line more than some commands' own work); help, or a word that is
# not a command, builds them all.
MODULES = {"figures": ("register", "register_explain"), "agreements": ("register",), "ledger": ("register",),
           "claims": ("register",), "uncertainty": ("register",), "negotiate": ("register",), "serve": ("register",),
           "data": ("register",)}
COMMANDS = {**dict.fromkeys(("history", "schedule", "compare", "series", "sources", "categories", "agreements", "scenarios",
                             "published", "hosts", "explain"), "figures"),
            "key-numbers": "agreements", "ledger": "ledger", "claim": "claims", "simulate": "uncertainty",
            "sensitivity": "uncertainty", "model": "uncertainty", "negotiate": "negotiate", "serve": "serve",
            "update": "data", "data": "data", "nowcast": "data"}


def build_app(command: str | None = None) -> typer.Typer:
    """The Typer application, with help texts in the language in force: every command, or only
    those of the module that registers `command` (see COMMANDS)."""
    import importlib

    import typer

    from .common import t

    app = typer.Typer(
        name="burdenshare",
        help=t("An open, auditable model of defence cost-sharing between allies: the Korea-US Special Measures "
               "Agreements 1991-2030 (and Japan's), computed from the agreements' own rules, every figure sourced."),
        no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False, rich_markup_mode=None,
    )

    @app.callback()
    def _root(lang: str = typer.Option("en", "--lang", metavar="ko|en", help=t("Language of tables, messages and charts "
                                                                             "(default: BURDENSHARE_LANG, then the locale)."))) -> None:
        """Declares --lang for the help: main reads it, and takes it out of the arguments, before the commands are built."""

    _in_language_in_force()
    for name, functions in MODULES.items():
        if command is None or COMMANDS.get(command) == name:
            module = importlib.import_module(f"{__name__}.{name}")
            for f in functions:
                getattr(module, f)(app)
    return app


_built_in: list[str] = []  # the language the command modules' help texts were written in when imported


def _in_language_in_force() -> None:
    """The commands are module-level functions whose options carry their help texts, written when
    the module is imported (after main chose the language). When the language changes in the same
    process (a test, a program calling main twice), the modules already imported are imported
    again, the shared options first, so that the help reads in the new language."""
    import importlib

    from ..i18n import current

    now = current()
    if _built_in and _built_in[0] != now:
        for name in ("common", "flags", *MODULES):
            module = sys.modules.get(f"{__name__}.{name}")
            if module is not None:
                importlib.reload(module)
    _built_in[:] = [now]


def _command_of(args: list[str]) -> str | None:
    """The command a run asks for, when its module is known (else None: build every command)."""
    word = args[0] if args else None
    return word if word in COMMANDS else None


def main(argv: list[str] | None = None) -> None:
    """Console entry point: bad input -> one line on stderr and exit code 2."""
    import typer

    from .flags import message

    argv = list(sys.argv[1:] if argv is None else argv)
    asked, rest = take_language(argv)
    set_language(choose_language(asked))
    try:
        if asked is not None and normalize(asked) is None:
            from ..i18n import _

            raise InputError(_("'{lang}' is not a supported language (ko, en)", lang=asked), where="lang")
        command = _command_of(rest)
        app = build_app(command)
        if command is not None and command not in _names(app):  # the table is behind the code: build them all
            app = build_app()
        code = app(args=rest, standalone_mode=False)
        # outside standalone mode Typer returns an exit's code instead of exiting: Ctrl-C during a
        # command becomes 130 (typer.Exit(130)), which was returned here and ended as exit code 0
        if code == 130:
            _interrupted()
        if isinstance(code, int) and code:
            raise SystemExit(code)
    except BurdenshareError as exc:
        _fail(message(exc) if isinstance(exc, InputError) else str(exc))
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        _interrupted()
    except typer.TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare command shows its help
            sys.stdout.write(exc.format_message() + "\n")
            raise SystemExit(0) from None
        # usage errors: one line, no usage block (the command's --help has it)
        _fail(_click_message(exc))
    except KeyboardInterrupt:
        _interrupted()


def _names(app: typer.Typer) -> set[str]:
    """The names of the commands and groups registered on `app` (as Typer names them)."""
    names = {g.name for g in app.registered_groups if g.name}
    for c in app.registered_commands:
        name = c.name or (c.callback.__name__.lower().replace("_", "-") if c.callback else None)
        if name:
            names.add(name)
    return names


def _fail(text: str) -> None:
    """One line on stderr, in the language in force, and exit code 2."""
    from ..i18n import _

    sys.stderr.write(_one_line(str(_("error: {message}", message=text))) + "\n")
    raise SystemExit(2) from None


def _one_line(text: str) -> str:
    """A message as one line: a line break, tab or other control character that came with the
    input (a value, a file name) is shown escaped (\\r, \\x1b), so it can neither split the line nor
    drive the terminal."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def _interrupted() -> None:
    from ..i18n import _

    sys.stderr.write(str(_("interrupted")) + "\n")
    raise SystemExit(130) from None


def _click_message(exc: typer.TyperException) -> str:
    from ..i18n import _

    text = exc.format_message()
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and ctx.command_path:
        return str(_("{message} (see: {command} --help)", message=text, command=ctx.command_path))
    return text
