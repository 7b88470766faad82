"""``plx_peer_remind``: send the peer-review reminders and notices that are due (run it from cron).

Safe to run as often as you like, from several hosts at once: each notice is claimed once in
the database before it is sent (see :mod:`plxblocks.peer.notices`).
"""
from dataclasses import replace
from datetime import timedelta

from django.core.management.base import BaseCommand

from plxblocks.peer.notices import Limits, RecordOnly, send_due


class Command(BaseCommand):
    help = "Send due peer-review mail: reviews awaited, grade ready, and submissions waiting for staff."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")
        parser.add_argument("--max-sends", type=int, help="notices in this run at most (default 500)")
        parser.add_argument("--per-second", type=float, help="sending pace; 0 for no pause (default 5)")
        parser.add_argument("--record-only", action="store_true",
                            help="mark every notice due now as sent without sending it: run once when you "
                                 "install, so that grades which stood before are not announced")

    def handle(self, *args, database, max_sends, per_second, record_only, **options):
        limits = Limits.from_settings(max_sends=max_sends, per_second=per_second)
        if record_only:
            limits = replace(limits, gap=timedelta(0), per_second=0, max_sends=10**9)
        result = send_due(database, limits=limits, sender=RecordOnly() if record_only else None)
        kinds: dict[str, int] = {}
        for kind, _recipient, _address in result.sent:
            kinds[kind] = kinds.get(kind, 0) + 1
        summary = ", ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items())) or "nothing due"
        verb = "recorded without sending" if record_only else "sent"
        self.stdout.write(f"{verb} {len(result.sent)} ({summary}); failed {result.failed}; "
                          f"no address {result.no_address}; left for the next run {result.deferred}")
