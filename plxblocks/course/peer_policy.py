"""Reading a peer-review task's ``waiting:`` policy (issue 17.3), with every mistake at its line.

```yaml
waiting:
  wait_days: 7                        # each submission waits up to 7 days for its peer reviews
  until: 2026-03-14                   # ... and none falls back before this day (optional)
  fallback: [fewer_peers, self, staff]
  min_reviews: 1                      # fewer_peers: this many peer reviews are enough
  self_days: 3                        # self: days for the self-review before staff take over
```
"""
from __future__ import annotations

from datetime import date

from .fields import Fields, describe
from .model import FALLBACK_STEPS, WaitingPolicy

KEYS = ("wait_days", "until", "fallback", "min_reviews", "self_days")


def read_waiting(fields: Fields, reviews_to_receive: int) -> WaitingPolicy | None:
    """The ``waiting`` mapping of a peer-review task's *fields*, or ``None`` when there is none."""
    if "waiting" not in fields:
        return None
    ctx, what = fields.ctx, f"'waiting' in {fields.what}"
    policy = Fields(ctx, fields.data["waiting"], what, required=("fallback",), optional=KEYS,
                    pos=fields.where("waiting"))
    wait_days = policy.integer("wait_days", 0, minimum=1, maximum=365)
    until = _date(policy, "until")
    if "wait_days" not in policy and "until" not in policy:
        ctx.error(fields.where("waiting"), f"{what}: say how long submissions wait, with 'wait_days' "
                                           "(e.g. 7) or 'until' (a date such as 2026-03-14), or both")
    steps = _steps(policy)
    min_reviews = policy.integer("min_reviews", 1, minimum=1, maximum=max(1, reviews_to_receive - 1))
    self_days = policy.integer("self_days", 3, minimum=1, maximum=60)
    if "min_reviews" in policy and "fewer_peers" not in steps:
        ctx.error(policy.where("min_reviews"), f"'min_reviews' in {what} is used only by the "
                                               "fewer_peers step, which the fallback does not include")
    if "self_days" in policy and not ("self" in steps and "staff" in steps):
        ctx.error(policy.where("self_days"), f"'self_days' in {what} is how long the self step lasts "
                                             "before the staff step: the fallback needs both")
    if steps == ("fewer_peers",):
        ctx.error(policy.where("fallback"), f"'fallback' in {what}: fewer_peers alone leaves a submission "
                                            "with no review waiting for ever; end the chain with self or staff")
    return WaitingPolicy(wait_days=wait_days, until=until, fallback=steps, min_reviews=min_reviews,
                         self_days=self_days)


def _date(policy: Fields, key: str) -> date | None:
    value = policy.raw(key)
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        policy.ctx.error(policy.where(key), f"'{key}' in {policy.what}: expected a date written "
                                            f"YYYY-MM-DD, got {describe(value)}")
        return None


def _steps(policy: Fields) -> tuple[str, ...]:
    items = policy.items("fallback")
    steps: list[str] = []
    for index, step in enumerate(items):
        if step not in FALLBACK_STEPS:
            policy.ctx.error(items.where(index), f"unknown fallback step {describe(step)} in {policy.what}; "
                                                 f"expected some of {', '.join(FALLBACK_STEPS)}")
        elif step in steps:
            policy.ctx.error(items.where(index), f"fallback step '{step}' is listed twice in {policy.what}")
        elif steps and FALLBACK_STEPS.index(step) < FALLBACK_STEPS.index(steps[-1]):
            policy.ctx.error(items.where(index), f"fallback step '{step}' comes after '{steps[-1]}' in "
                                                 f"{policy.what}: the steps run in the order "
                                                 f"{', '.join(FALLBACK_STEPS)}")
        else:
            steps.append(step)
    if "fallback" in policy and not items:
        policy.ctx.error(policy.where("fallback"), f"'fallback' in {policy.what}: expected at least one of "
                                                   f"{', '.join(FALLBACK_STEPS)}")
    return tuple(steps)
