"""``reprint fix``: a corrected copy that adds the missing credit where readers see it.

Each format is edited by its own module with the library made for editing it
(beautifulsoup4, python-docx, pypdf); ``repair`` checks the input, picks the
editor and re-checks the copy. Nothing heavy is imported until ``fix`` runs.
"""

from __future__ import annotations

from reprint.fix.repair import FixOutcome, FixResult, fix

__all__ = ["FixOutcome", "FixResult", "fix"]
