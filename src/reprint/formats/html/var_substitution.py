"""``var()`` substituted element by element: each element's custom properties
computed from its parent's and its cascaded ones (``reprint.formats.html.custom``),
then the values the reader needs (display, visibility, the looks) with their
``var()`` replaced, memoised by the identity of the maps involved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from reprint.formats.html.custom import (
    UNEVALUABLE,
    Registration,
    Unevaluable,
    compute_customs,
    substitute,
)
from reprint.formats.html.sheets import (
    PENDING,
    Declaration,
    Visibility,
    expand_declared,
    has_pending,
    visibility_of,
)

__all__ = ["CustomProperties"]


class CustomProperties:
    """Each element's custom properties, and the ``var()`` in the values it reads
    substituted from them (CSS Custom Properties Level 1; ``custom`` computes).

    A value invalid at computed-value time is ``unset``: display takes its initial
    value (inline), an inherited property its parent's, and the looks read keep
    their parent's state (what no declaration means to them). A value that cannot
    be evaluated (``custom``'s docstring says which) is assumed hiding
    (``display: none``) and said in ``unevaluated``.
    """

    def __init__(
        self, registry: Mapping[str, Registration], uncertain: Iterable[str] = ()
    ) -> None:
        self.registry = registry
        self.uncertain = frozenset(uncertain)
        # Registered properties start from their initial values at the root.
        self.root: Mapping[str, str] = {
            name: registration.initial
            for name, registration in registry.items()
            if registration.initial is not None
        }
        # Whether some registered property does not inherit: it is reset to its
        # initial value on every element that does not set it.
        self.resets = any(not r.inherits for r in registry.values())
        self.unevaluated: list[str] = []
        # Memos keep the maps they key by id alive, so that no id is reused; the
        # cascaded mappings are the rules' own, or StyleSheet.merged_customs'.
        self._customs: dict[
            tuple[int, int],
            tuple[Mapping[str, str], Mapping[str, str], Mapping[str, str]],
        ] = {}
        self._values: dict[tuple[str, int], tuple[str | None, Mapping[str, str]]] = {}

    def apply(
        self, declaration: Declaration, parent: Mapping[str, str] | None
    ) -> tuple[Declaration, Mapping[str, str]]:
        """``declaration`` (an element's cascaded values) with its ``var()``
        substituted, and the element's custom properties."""
        customs = self.root if parent is None else parent
        if declaration.customs or self.resets:
            cascaded = declaration.customs
            key = (id(customs), id(cascaded))
            held = self._customs.get(key)
            if held is None:
                computed = compute_customs(
                    customs, cascaded, self.registry, self.uncertain
                )
                held = self._customs[key] = (customs, cascaded, computed)
            customs = held[2]
        if not has_pending(declaration):
            return declaration, customs
        display = declaration.display
        causes: list[str] = []
        if display is not None and display[:1] == PENDING:
            value = self._value(display, customs, causes)
            display = "inline" if value is None else value  # unset: initial
        visibility = declaration.visibility
        if visibility is Visibility.PENDING:
            text = f"{PENDING}visibility{PENDING}{declaration.visibility_value}"
            value = self._value(text, customs, causes)
            visibility = Visibility.UNSET if value is None else visibility_of(value)
        looks = declaration.looks
        if any(value[:1] == PENDING for value in looks.values()):
            looks = dict(looks)
            for name, text in declaration.looks.items():
                if text[:1] != PENDING:
                    continue
                value = self._value(text, customs, causes)
                declared = text[1 : text.index(PENDING, 1)]
                longhands = dict(expand_declared(declared, value or ""))
                if value is None or name not in longhands:
                    del looks[name]  # unset: the look keeps its parent's state
                else:
                    looks[name] = longhands[name]
        if causes:
            # What could not be computed may hide the element: assumed to.
            self.unevaluated.extend(causes)
            display = "none"
        return (
            Declaration(display, visibility, looks=looks, customs=declaration.customs),
            customs,
        )

    def _value(
        self, pending: str, customs: Mapping[str, str], causes: list[str]
    ) -> str | None:
        """A PENDING value substituted: None when invalid at computed-value time;
        an unevaluable one is added to ``causes``."""
        key = (pending, id(customs))
        held = self._values.get(key)
        if held is None:
            text = pending[pending.index(PENDING, 1) + 1 :]
            try:
                value = substitute(text, customs.get, self.uncertain)
            except Unevaluable:
                value = UNEVALUABLE
            held = self._values[key] = (value, customs)
        value = held[0]
        if value is UNEVALUABLE:
            declared = pending[1 : pending.index(PENDING, 1)]
            text = pending[pending.index(PENDING, 1) + 1 :]
            causes.append(f"the value '{declared}: {text[:60]}'")
            return None
        return None if value is None else value.lower()
