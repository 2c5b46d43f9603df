"""The function editor's state changes: its Actions, and how each one changes
the text, the caret and the selection held in :class:`game.state.State`.

Pure (no pygame). :func:`apply_edit` is called by :func:`game.state.apply`
for the editor's Actions; the state's other fields are untouched.
"""
from __future__ import annotations

from dataclasses import replace

from . import surfaces, textedit

EDIT_START = "edit_start"
EDIT_INSERT = "edit_insert"        # arg: text typed (replaces the selection)
EDIT_PASTE = "edit_paste"          # arg: the clipboard's text (cleaned to one line)
EDIT_BACKSPACE = "edit_backspace"
EDIT_DELETE = "edit_delete"
EDIT_LEFT, EDIT_RIGHT = "edit_left", "edit_right"   # arg: True with Shift (select)
EDIT_HOME, EDIT_END = "edit_home", "edit_end"       # arg: True with Shift (select)
EDIT_SELECT_ALL = "edit_select_all"
EDIT_PLACE = "edit_place"          # arg: (index, True with Shift): a click in the field
EDIT_COPY = "edit_copy"            # the app puts the selection on the clipboard; the text stays
EDIT_CUT = "edit_cut"              # the same, then the selection goes
EDIT_SUBMIT = "edit_submit"        # the app compiles the text, then SET_CUSTOM or EDIT_FAIL
EDIT_CANCEL = "edit_cancel"
EDIT_FAIL = "edit_fail"            # arg: (message, position or None)
SET_CUSTOM = "set_custom"          # arg: (text, domain)
EDIT_MAX = 300           # characters in the function editor


def edit_field(state) -> textedit.Field:
    """The editor's text, caret and selection as a :class:`game.textedit.Field`.

    >>> from game.state import State
    >>> edit_field(State(editing="x*y"))
    Field(text='x*y', caret=3, anchor=None)
    """
    text = state.editing
    return textedit.Field(text, len(text) if state.edit_caret is None else state.edit_caret,
                          state.edit_anchor)


_EDITS = {                                   # the editor's keys on its field
    EDIT_INSERT: lambda f, arg: textedit.insert(f, str(arg), EDIT_MAX),
    EDIT_PASTE: lambda f, arg: textedit.paste(f, "" if arg is None else str(arg), EDIT_MAX),
    EDIT_BACKSPACE: lambda f, _: textedit.backspace(f),
    EDIT_DELETE: lambda f, _: textedit.delete(f),
    EDIT_LEFT: lambda f, arg: textedit.left(f, bool(arg)),
    EDIT_RIGHT: lambda f, arg: textedit.right(f, bool(arg)),
    EDIT_HOME: lambda f, arg: textedit.home(f, bool(arg)),
    EDIT_END: lambda f, arg: textedit.end(f, bool(arg)),
    EDIT_SELECT_ALL: lambda f, _: textedit.select_all(f),
    EDIT_PLACE: lambda f, arg: textedit.place(f, arg[0], bool(arg[1])),
    EDIT_COPY: lambda f, _: f,
    EDIT_CUT: lambda f, _: textedit.cut(f),
}
_CLOSED = dict(editing=None, edit_error=None, edit_caret=None, edit_anchor=None)


def _with_field(state, field: textedit.Field, **kw):
    return replace(state, editing=field.text, edit_caret=field.caret, edit_anchor=field.anchor,
                   **kw)


EDITOR_ACTIONS = frozenset(_EDITS) | {EDIT_CANCEL, EDIT_FAIL, SET_CUSTOM}


def apply_edit(state, action, custom: str):
    """``state`` after the editor's ``action`` (EDIT_START opens the editor;
    the others act while it is open). ``custom`` is the name of the typed
    surface."""
    name = action.name
    if name == EDIT_START:
        # The current function as it can be typed (a named surface's own
        # typed form, game.surfaces' extra["typed"]), all selected, so that
        # typing replaces it. A typed function is kept in its printed form,
        # whose spaces carry no meaning: a text longer than the editor's cap
        # goes in without them, and never cut.
        if state.surface == custom:
            text = state.expr or ""
        else:
            text = surfaces.get(state.surface).extra.get("typed", state.expr or "")
        if len(text) > EDIT_MAX:
            text = text.replace(" ", "")
        return _with_field(state, textedit.all_selected(text), edit_error=None, help=False)
    if state.editing is not None:
        if name in _EDITS:
            old = edit_field(state)
            new = _EDITS[name](old, action.arg)
            # An error names a column of the text it was found in: it stays
            # while only the caret moves.
            error = state.edit_error if new.text == old.text else None
            return _with_field(state, new, edit_error=error)
        if name == EDIT_CANCEL:
            return replace(state, **_CLOSED)
        if name == EDIT_FAIL:
            # The caret goes to the column at fault, under the error's ^.
            message, pos = action.arg
            if isinstance(pos, int) and not isinstance(pos, bool):
                caret = min(max(pos, 0), len(state.editing))
                return replace(state, edit_error=(message, pos), edit_caret=caret,
                               edit_anchor=None)
            return replace(state, edit_error=(message, pos))
        if name == SET_CUSTOM:
            text, domain = action.arg
            return replace(state, surface=custom, expr=text, domain=tuple(domain), view=None,
                           **_CLOSED)
    return state
