"""Answer cues: does the place or the length of an option give away that it is correct?

A learner who has noticed that the right answer is usually the first option, or the longest,
can score without knowing anything. For each *cue* this module counts the checks where the cue
points at a correct option and compares that with chance:

- **position** *p* (first, second, ..., and last): the option at that place is correct;
- **longest** (in each language): the option with the most characters, when one option is
  strictly longer than every other, is correct.

By chance, a cue picks a correct option of a check with *k* correct options out of *n* with
probability *k/n* (1 in 4 for a single-answer check with four options). The number of checks
where it does is then a sum of independent yes/no trials with those probabilities (a
Poisson-binomial count), and :func:`chance_of_at_least` gives the probability of seeing as many
hits as the course has, or more, by luck alone.

A cue is reported (:func:`warn_about_answer_cues`) when all three hold:

- it applies to at least :data:`MIN_CHECKS` checks (fewer say little);
- its hit rate is at least :data:`MIN_EXCESS` (15 percentage points) above the chance rate;
- so many hits would happen by chance less than :data:`MAX_CHANCE` (1%) of the time, after
  multiplying by the number of cues tried (Bonferroni), so that trying many cues does not
  produce warnings by itself.

Every check where the reported cue picks the correct option gets a warning at its line.
Options are shuffled for learners (``shuffle``, on by default), which hides position but not
length; position is still reported, because checks with ``shuffle: false``, printed copies and
the author's preview show the options as written. Checks with every option correct are left
out: nothing can be guessed in them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .diagnostics import Diagnostics
from .model import LANGUAGE_NAMES_EN, LANGUAGES, Check, Course

MIN_CHECKS = 8
MIN_EXCESS = 0.15
MAX_CHANCE = 0.01
EXACT_UP_TO = 400
"""Above this many checks the chance is computed with the normal approximation (the exact sum
is quadratic in the number of checks; at that size the approximation is very close)."""

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


@dataclass(frozen=True)
class Cue:
    """How often one cue picks a correct option in a course's checks."""

    name: str
    """``first``, ``second``, ``last``, ``longest (English)``..."""
    description: str
    """What the cue says about a check, for messages: ``the correct option is the first``."""
    tested: tuple[Check, ...]
    """Checks the cue applies to."""
    hits: tuple[Check, ...]
    """Those where it picks a correct option."""
    expected: float
    """Hits expected by chance."""
    chance: float
    """Probability of at least ``len(hits)`` hits by chance alone (before the Bonferroni factor)."""

    @property
    def rate(self) -> float:
        return len(self.hits) / len(self.tested) if self.tested else 0.0

    @property
    def chance_rate(self) -> float:
        return self.expected / len(self.tested) if self.tested else 0.0

    def summary(self) -> str:
        """``first: 23 of 29 checks (79%; by chance about 8, 28%)``."""
        return (f"{self.name}: {len(self.hits)} of {len(self.tested)} checks ({self.rate:.0%}; "
                f"by chance about {self.expected:.0f}, {self.chance_rate:.0%})")


def _guessable(checks: list[Check]) -> list[Check]:
    return [c for c in checks if 0 < len(c.correct_ids) < len(c.options)]


def _chance_of_hit(check: Check) -> float:
    return len(check.correct_ids) / len(check.options)


def chance_of_at_least(hits: int, probabilities: list[float]) -> float:
    """P(at least *hits* successes) for independent trials with these success probabilities."""
    if hits <= 0:
        return 1.0
    if len(probabilities) > EXACT_UP_TO:
        mean = sum(probabilities)
        spread = math.sqrt(sum(p * (1 - p) for p in probabilities)) or 1e-12
        return 0.5 * math.erfc((hits - 0.5 - mean) / (spread * math.sqrt(2)))
    distribution = [1.0]  # distribution[s] = P(s successes so far)
    for p in probabilities:
        distribution = [(distribution[s] if s < len(distribution) else 0.0) * (1 - p)
                        + (distribution[s - 1] * p if s else 0.0) for s in range(len(distribution) + 1)]
    return min(1.0, sum(distribution[hits:]))


def _cue(name: str, description: str, tested: list[Check], picks) -> Cue:
    hits = [c for c in tested if picks(c).correct]
    probabilities = [_chance_of_hit(c) for c in tested]
    return Cue(name, description, tuple(tested), tuple(hits), sum(probabilities),
               chance_of_at_least(len(hits), probabilities))


def _longest(check: Check, lang: str):
    lengths = sorted(((len(o.text.get(lang)), o) for o in check.options), key=lambda pair: -pair[0])
    return lengths[0][1] if lengths[0][0] > lengths[1][0] else None


def answer_cues(checks: list[Check]) -> list[Cue]:
    """Every cue, measured over *checks* (see the module docstring)."""
    checks = _guessable(checks)
    cues = []
    most = max((len(c.options) for c in checks), default=0)
    for index in range(most):
        ordinal = ORDINALS[index] if index < len(ORDINALS) else f"number {index + 1}"
        tested = [c for c in checks if len(c.options) > index]
        cues.append(_cue(ordinal, f"the correct option is the {ordinal}", tested,
                         lambda c, i=index: c.options[i]))
    cues.append(_cue("last", "the correct option is the last", checks, lambda c: c.options[-1]))
    for lang in LANGUAGES:
        language = LANGUAGE_NAMES_EN[lang]
        tested = [c for c in checks if _longest(c, lang) is not None]
        cues.append(_cue(f"longest ({language})", f"the correct option is the longest in {language}",
                         tested, lambda c, lang=lang: _longest(c, lang)))
    return cues


def course_checks(course: Course) -> list[Check]:
    return [b for b in course.blocks() if isinstance(b, Check)]


def is_telling(cue: Cue, tries: int) -> bool:
    """Whether *cue* predicts correct options clearly better than chance (module docstring)."""
    return (len(cue.tested) >= MIN_CHECKS and cue.rate - cue.chance_rate >= MIN_EXCESS
            and cue.chance * tries < MAX_CHANCE)


def telling_cues(course: Course) -> list[Cue]:
    cues = answer_cues(course_checks(course))
    return [cue for cue in cues if is_telling(cue, len(cues))]


def warn_about_answer_cues(course: Course, diagnostics: Diagnostics) -> None:
    """One warning at each check where a telling cue gives the answer away, naming every such cue."""
    by_check: dict[str, list[Cue]] = {}
    checks = {}
    for cue in telling_cues(course):
        for check in cue.hits:
            by_check.setdefault(check.uid, []).append(cue)
            checks[check.uid] = check
    for uid, cues in by_check.items():
        check = checks[uid]
        reasons = " and ".join(f"{cue.description.removeprefix('the correct option is ')} "
                               f"({len(cue.hits)} of {len(cue.tested)} checks of this course; about "
                               f"{cue.expected:.0f} by chance)" for cue in cues)
        diagnostics.warning(check.source, check.line, None, (
            f"learners can guess this check's answer: the correct option is {reasons}; vary where "
            "correct options go and how long they are (see 'Answer cues' in docs/content-format.md)"))
