"""``plx_peer_retire ANONYMOUS_ID...``: run the peer-review part of a learner's account retirement."""
from django.core.management.base import BaseCommand

from plxblocks.peer.retirement import retire_learner


class Command(BaseCommand):
    help = "Remove or anonymise one learner's peer-review data (pass every anonymous id they have)."

    def add_arguments(self, parser):
        parser.add_argument("anonymous_ids", nargs="+")
        parser.add_argument("--database", default="default")

    def handle(self, *args, anonymous_ids, database, **options):
        counts = retire_learner(anonymous_ids, using=database)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()) or "nothing stored for these ids")
