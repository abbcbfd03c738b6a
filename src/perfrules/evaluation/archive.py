"""An evaluation archived with all it needs to be replayed: the rubric as it scored, the inputs, the result.

A stored result records the rubric's code, version and fingerprint, but not the rubric or the
inputs: replaying it needs both, found again. An :class:`Archive` keeps the three together in one
versioned document (JSON or TOML, the ``archive`` schema), so an auditor can file it and, years
later, replay it with the rubric exactly as it was — or with today's rubric of the same code, to
see what a change of rules would have changed.

>>> import perfrules
>>> kept = perfrules.archive(perfrules.examples.huashan_2020(), perfrules.HUBEI_2020)
>>> kept.result.total, kept.fingerprint_matches
(Decimal('97.62'), True)
>>> perfrules.replay_archive(perfrules.loads(perfrules.dumps(kept), perfrules.Archive)).identical
True
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import attrs

from perfrules._fields import DOCUMENT, WHOLE, known_format, of_type
from perfrules.evaluation.replay import ReplayReport, replay
from perfrules.evaluation.result import EvaluationResult
from perfrules.evaluation.score import rubric_and_score
from perfrules.exceptions import WrongTypeError
from perfrules.io.documents import load
from perfrules.model.self_evaluation import SelfEvaluation
from perfrules.rubrics.fingerprint import fingerprint
from perfrules.rubrics.loading import plugin_converter
from perfrules.rubrics.registry import Registry
from perfrules.rubrics.rubric import Rubric

__all__ = ["ARCHIVE_FORMAT_VERSION", "Archive", "archive", "load_archive", "replay_archive"]

#: the version of the archive's format, written as ``format_version``
ARCHIVE_FORMAT_VERSION = 1


@attrs.frozen
class Archive:
    """One evaluation kept whole: what :func:`replay_archive` needs, and nothing found again elsewhere.

    Attributes:
        rubric: the rubric exactly as it scored (every rule, band and rounding; a plugin's rubric
            included), so the archive replays even when the rubric has since changed or gone.
        self_evaluation: the inputs as they were scored.
        result: what the evaluation concluded, with every explanation and finding.
        format_version: the version of this format.
    """

    # first, and written even at its default: a reader must always learn which format it holds
    format_version: int = attrs.field(default=ARCHIVE_FORMAT_VERSION, kw_only=True, validator=known_format("archive", ARCHIVE_FORMAT_VERSION), metadata={DOCUMENT: True})
    # written whole, every default included: the archive must not depend on the defaults of the perfrules that reads it
    rubric: Rubric = attrs.field(validator=of_type(Rubric), metadata={DOCUMENT: WHOLE})
    self_evaluation: SelfEvaluation = attrs.field(validator=of_type(SelfEvaluation))
    result: EvaluationResult = attrs.field(validator=of_type(EvaluationResult))

    @property
    def fingerprint_matches(self) -> bool:
        """Whether the archived rubric is the one the result records, by fingerprint — ``False``
        when either was changed after the evaluation."""
        return fingerprint(self.rubric) == self.result.rubric_fingerprint


def archive(
    self_evaluation: SelfEvaluation,
    rubric: Rubric | None = None,
    *,
    folders: Iterable[str | Path] = (),
    registry: Registry | None = None,
) -> Archive:
    """Evaluate ``self_evaluation`` and keep the rubric, the inputs and the result together.

    With ``rubric``, as :func:`~perfrules.evaluation.evaluate.evaluate`; without one, with the rubric
    in force for the project, chosen as :func:`~perfrules.evaluation.score.score` chooses it.

    Raises:
        WrongTypeError: ``self_evaluation`` is not a SelfEvaluation, or ``rubric`` not a Rubric.
        NoRubricInForceError: no rubric is given and none is in force for the project.
    """
    if rubric is not None and not isinstance(rubric, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric", value=rubric)
    chosen, result = rubric_and_score(self_evaluation, rubric, folders=folders, registry=registry)
    return Archive(chosen, self_evaluation, result)


def replay_archive(kept: Archive, rubric: Rubric | None = None) -> ReplayReport:
    """Replay an archive: its inputs re-evaluated with its own rubric (or with ``rubric``, today's
    rubric of the same code, say, to see what the change of rules changes), compared with its result.

    Raises:
        WrongTypeError: ``kept`` is not an Archive, or ``rubric`` not a Rubric.
    """
    if not isinstance(kept, Archive):
        raise WrongTypeError(f"expected an Archive, got {type(kept).__name__}", path="archive", value=kept)
    if rubric is not None and not isinstance(rubric, Rubric):
        raise WrongTypeError(f"expected a Rubric, got {type(rubric).__name__}", path="rubric", value=rubric)
    return replay(kept.result, kept.self_evaluation, kept.rubric if rubric is None else rubric)


def load_archive(path: str | Path, *, format: str | None = None) -> Archive:
    """Read an archive (JSON or TOML, by suffix unless ``format`` is given); a plugin's rule kinds
    are found when the archived rubric names them.

    Raises:
        DocumentError: every problem of the document, with its path.
    """
    return load(path, Archive, format=format, converter=plugin_converter())
