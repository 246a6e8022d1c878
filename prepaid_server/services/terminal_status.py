"""Which of a terminal's sequence numbers the server has, and which are missing."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from ..store.models import Sale, Terminal
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
    with ctx.transaction() as session:
        known = session.execute(select(Terminal.contiguous_through).where(Terminal.id == who.terminal_id)).scalar_one()
        # Seqs never disappear (rejected sales are kept too), so only what lies past the
        # contiguous prefix already proven has to be read.
        seqs = session.execute(select(Sale.seq).distinct().where(
            Sale.terminal_id == who.terminal_id, Sale.seq > known).order_by(Sale.seq)).scalars().all()
        contiguous, missing, count = gaps(known, list(seqs))
        if contiguous > known:
            session.execute(update(Terminal).where(Terminal.id == who.terminal_id)
                            .values(contiguous_through=contiguous))
    last = seqs[-1] if seqs else known
    return TerminalStatus(who.terminal_id, who.terminal_code, last, contiguous, missing, count)
