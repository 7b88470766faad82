"""``plx_peer_remind``: send the peer-review reminders and notices that are due (run it from cron).

Safe to run as often as you like, from several hosts at once: each notice is claimed once in
the database before it is sent (see :mod:`plxblocks.peer.notices`).
"""
from django.core.management.base import BaseCommand

from plxblocks.peer.notices import Limits, send_due


class Command(BaseCommand):
    help = "Send due peer-review mail: reviews awaited, grade ready, and submissions waiting for staff."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")
        parser.add_argument("--max-sends", type=int, help="notices in this run at most (default 500)")
        parser.add_argument("--per-second", type=float, help="sending pace; 0 for no pause (default 5)")

    def handle(self, *args, database, max_sends, per_second, **options):
        result = send_due(database, limits=Limits.from_settings(max_sends=max_sends, per_second=per_second))
        kinds: dict[str, int] = {}
        for kind, _recipient, _address in result.sent:
            kinds[kind] = kinds.get(kind, 0) + 1
        summary = ", ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items())) or "nothing due"
        self.stdout.write(f"sent {len(result.sent)} ({summary}); failed {result.failed}; "
                          f"no address {result.no_address}; left for the next run {result.deferred}")
