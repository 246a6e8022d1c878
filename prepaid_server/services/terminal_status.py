"""Which of a terminal's sequence numbers the server has, and which are missing."""
from __future__ import annotations

from dataclasses import dataclass

from ..store.uow import UnitOfWork
from .auth import AuthedTerminal
from .context import ServerContext

MAX_LISTED = 1000


@dataclass(frozen=True)
class TerminalStatus:
    terminal_id: str
    terminal_code: str
    last_seq: int
    contiguous_through: int
    missing: list[int]  # at most MAX_LISTED, lowest first
    missing_count: int


def gaps(contiguous_through: int, seqs_after: list[int]) -> tuple[int, list[int], int]:
    """(contiguous_through, missing listed, missing count) from sorted distinct seqs > contiguous_through."""
    contiguous = contiguous_through
    for seq in seqs_after:
        if seq != contiguous + 1:
            break
        contiguous = seq
    missing: list[int] = []
    count = 0
    previous = contiguous
    for seq in seqs_after:
        if seq <= contiguous:
            continue
        hole = seq - previous - 1
        if hole > 0:
            count += hole
            missing.extend(range(previous + 1, min(seq, previous + 1 + MAX_LISTED - len(missing))))
        previous = seq
    return contiguous, missing[:MAX_LISTED], count


def status(ctx: ServerContext, who: AuthedTerminal) -> TerminalStatus:
    def work(uow: UnitOfWork) -> TerminalStatus:
        known = uow.terminals.contiguous_through(who.terminal_id)
        # Seqs never disappear (rejected sales are kept too), so only what lies past the
        # contiguous prefix already proven has to be read.
        seqs = uow.sales.seqs_after(who.terminal_id, known)
        contiguous, missing, count = gaps(known, seqs)
        if contiguous > known:
            uow.terminals.set_contiguous_through(who.terminal_id, contiguous)
        last = seqs[-1] if seqs else known
        return TerminalStatus(who.terminal_id, who.terminal_code, last, contiguous, missing, count)

    return ctx.run(work)
