"""The plugin's own tests, with perfrules' kit: the conformance check on its rubric (the case file beside
this one is collected by perfrules' pytest plugin)."""

import perfrules


def test_the_liaoning_rubric_conforms(perfrules_conformance):
    perfrules_conformance(perfrules.get_rubric("cn-agriculture-trusteeship-liaoning"), examples=30)
