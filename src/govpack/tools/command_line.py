"""The command line's own rules over invoke's parser: usage errors exit 2, as govpack's
contract says; ``TASK --help`` is help; a missing argument is asked for in the task's
own words; and some tasks' first arguments may be left out (``changes [ORG [DOC]]``).
"""

from __future__ import annotations

import copy
import os
import re
import sys
from functools import partial
from pathlib import Path

import invoke
from invoke import Exit
from invoke.exceptions import ParseError
from invoke.program import Program


def _usage_errors_exit_2(parse_tasks):
    """invoke exits 1 on an unknown task or option; govpack's contract says 2. And
    ``new --help`` is help: invoke would give "--help" to the task's positional
    arguments (``new``'s organisation name; ``new-meeting ORG --help``'s body), so a
    task's words with --help among them are read as ``--help TASK``."""

    def parse(self):
        unparsed = self.core.unparsed = optional_positionals(self.core.unparsed, self.collection)
        if len(unparsed) >= 2 and not unparsed[0].startswith("-") and any(word in ("--help", "-h") for word in unparsed[1:]):
            self.args.help.value, self.core.unparsed = unparsed[0], []
        try:
            parse_tasks(self)
        except ParseError as exc:
            raise Exit(f"error: {_in_words(exc)}", code=2) from exc

    return parse


_NEEDED_VALUE = re.compile(r"Flag <Argument: (\S+)")
_UNKNOWN = re.compile(r"No idea what ['\"](.*)['\"] is!")


def _in_words(exc: ParseError) -> str:
    """What invoke's parser refused, in the words of the task's help, not the parser's."""
    context, said = exc.context, str(exc)
    if context is not None and context.missing_positional_args:
        wanted = "; ".join(f"{arg.name.upper()}, {arg.help}" for arg in context.missing_positional_args)
        return f"{context.name} needs {wanted} (see {command()} {context.name} --help)"
    task = context.name if context is not None else None  # None: before any task's name
    needed, unknown = _NEEDED_VALUE.match(said), _UNKNOWN.match(said)
    if task and needed:
        # A core option (--config) may follow the task too: it is not among the task's.
        argument = context.args.get(needed[1])
        helped = f": {argument.help}" if argument is not None and argument.help else ""
        return f"{_flag(needed[1])} needs a value{helped} (see {command()} {task} --help)"
    if task and unknown and unknown[1].startswith("-"):
        return f"{task} has no option {unknown[1]} (see {command()} {task} --help)"
    if task and unknown:
        return f'{task} does not take "{unknown[1]}" (see {command()} {task} --help)'
    if unknown and not unknown[1].startswith("-"):
        return f'there is no command "{unknown[1]}" (see {command()} --list)'
    if unknown:
        return f"{command()} has no option {unknown[1]} (see {command()} --help)"
    return said


def _flag(name: str) -> str:
    return f"--{name.replace('_', '-')}"


Program.parse_tasks = _usage_errors_exit_2(Program.parse_tasks)

# Tasks whose first arguments may be given without their flags, or left out: invoke's
# positional arguments are all required (``changes [ORG [DOC]]``).
_OPTIONAL_POSITIONALS = {"changes": ("org", "doc")}


def optional_positionals(tokens: list[str], collection: invoke.Collection | None = None) -> list[str]:
    """``tokens`` with the bare words given to such a task given their flags, in order:
    ``changes cwm-arian vision --since v1`` is ``changes --org cwm-arian --doc vision
    --since v1``. ``collection``: the tasks, whose options that take no value (``--welsh``)
    it reads; the rest take one."""
    out: list[str] = []
    tokens = list(tokens)
    while tokens:
        token = tokens.pop(0)
        out.append(token)
        names, switches = list(_OPTIONAL_POSITIONALS.get(token, ())), _switches(collection, token)
        while names and tokens and tokens[0] not in _OPTIONAL_POSITIONALS:
            word = tokens.pop(0)
            if not word.startswith("-"):
                out += [f"--{names.pop(0)}", word]
                continue
            out.append(word)
            if word not in switches and "=" not in word and tokens:
                out.append(tokens.pop(0))  # the option's value
    return out


def _switches(collection: invoke.Collection | None, name: str) -> set[str]:
    """The flags of the task ``name`` that take no value, as typed: help, and its booleans."""
    task = collection.tasks.get(name) if collection is not None and name in _OPTIONAL_POSITIONALS else None
    # Of a copy: invoke takes each option's help out of the task as it makes its arguments,
    # which would leave the task's own --help and parser without them.
    booleans = [arg for arg in _unaltered(task).get_arguments() if arg.kind is bool] if task is not None else []
    return {"-h", "--help", *(f"-{n}" if len(n) == 1 else f"--{n.replace('_', '-')}" for arg in booleans for n in arg.names)}


def _unaltered(task: invoke.Task) -> invoke.Task:
    """A copy of ``task`` with its own help, for ``get_arguments`` to take from."""
    clone = copy.copy(task)
    clone.help = dict(task.help)
    return clone


class _Task(invoke.Task):
    """A task whose options never take -h as a short flag: -h stays help (--shard would take it)."""

    def arg_opts(self, name, default, taken_names):
        return super().arg_opts(name, default, taken_names | {"h"})


task = partial(invoke.task, klass=_Task)


def command() -> str:
    """The command to name in a hint, as this run was started: ``govpack``, or, in
    govpack's own checkout, its invoke as typed (``.venv/bin/invoke``)."""
    program = Path(sys.argv[0])
    if program.name != "invoke":
        return "govpack"
    return os.path.relpath(program) if program.is_absolute() else str(program)
