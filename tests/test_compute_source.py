"""The article's facts agree with one another and with the measured numbers we show."""

from __future__ import annotations

from scenes.compute import source
from scenes.compute.cost import ARTICLE_RACE


def test_speed_claim_matches_the_measured_race():
    assert ARTICLE_RACE.hull_tokens_per_s >= source.SPEED_FLOOR
    assert source.SPEED_CLAIM == f"{source.SPEED_FLOOR // 1000}k+"


def test_prior_work_credits_read_well_and_come_in_date_order():
    years = [work.year for work in source.PRIOR_WORK]
    assert years == sorted(years)
    assert source.PRIOR_WORK[0].credit == "Pérez et al. (2019): attention is Turing-complete"

