"""The notice a republisher sends the series editor: values, drafting, delivery.

The paper's permission asks republishers to "kindly inform the editor ... where and
when the publication occurred". ``values`` holds what is known about one
republication (``NoticeFields`` → ``Notice``), ``drafting`` turns a notice into an
``EmailDraft`` with the Jinja2 templates, and ``delivery`` makes the draft an RFC 5322
message, writes it or sends it over SMTP. Where the editor's address and the SMTP
settings come from (options, a TOML file, the environment) is ``reprint.config``'s.
"""

from __future__ import annotations

from reprint.notice.delivery import (
    SmtpSecurity,
    SmtpSettings,
    build_message,
    deliver,
    save_temporary,
    send,
    stamp,
    trusting,
    write_eml,
)
from reprint.notice.drafting import default_template_dir, draft_notice, format_draft
from reprint.notice.values import (
    NO_RECIPIENT_NOTE,
    QUESTIONS,
    EmailDraft,
    Mailbox,
    Notice,
    NoticeFields,
    NoticeFormat,
    Prefill,
    Question,
)

__all__ = [
    "NO_RECIPIENT_NOTE",
    "QUESTIONS",
    "EmailDraft",
    "Mailbox",
    "Notice",
    "NoticeFields",
    "NoticeFormat",
    "Prefill",
    "Question",
    "SmtpSecurity",
    "SmtpSettings",
    "build_message",
    "default_template_dir",
    "deliver",
    "draft_notice",
    "format_draft",
    "save_temporary",
    "send",
    "stamp",
    "trusting",
    "write_eml",
]
