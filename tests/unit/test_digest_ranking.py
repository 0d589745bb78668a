from bot.digest.ranking import Candidate, importance, rank_stories


def test_story_told_by_several_sources_is_one_item_ranked_first() -> None:
    candidates = [
        Candidate(1, source_id=1, story_id=None, age_hours=1.0),
        Candidate(2, source_id=1, story_id=10, age_hours=3.0),
        Candidate(3, source_id=2, story_id=10, age_hours=2.5),
        Candidate(4, source_id=3, story_id=10, age_hours=2.0),
    ]
    ranked = rank_stories(candidates, limit=10, source_weights={})
    assert [s.article_id for s in ranked] == [2, 1]
    assert ranked[0].more_sources == 2
    assert ranked[1].more_sources == 0


def test_null_story_ids_are_separate_stories_and_limit_applies() -> None:
    candidates = [Candidate(i, source_id=1, story_id=None, age_hours=float(i)) for i in range(1, 30)]
    ranked = rank_stories(candidates, limit=10)
    assert len(ranked) == 10
    assert [s.article_id for s in ranked] == list(range(1, 11))  # freshest first


def test_fresher_beats_older_and_breadth_beats_freshness_within_limits() -> None:
    assert importance(1, 0.0) > importance(1, 6.0)
    assert importance(3, 12.0) >= importance(1, 0.0)
    assert importance(3, 30.0) < importance(1, 0.0)


def test_source_weight_breaks_ties() -> None:
    candidates = [Candidate(1, 1, None, 2.0), Candidate(2, 2, None, 2.0)]
    ranked = rank_stories(candidates, limit=2, source_weights={1: 0.5, 2: 1.0})
    assert [s.article_id for s in ranked] == [2, 1]


def test_prolific_source_weighs_less_by_default() -> None:
    firehose = [Candidate(100 + i, 1, None, 1.0) for i in range(50)]
    rare = Candidate(1, 2, None, 1.0)
    ranked = rank_stories([*firehose, rare], limit=3)
    assert ranked[0].article_id == 1


def test_same_story_from_one_source_counts_once() -> None:
    ranked = rank_stories([Candidate(1, 1, 5, 1.0), Candidate(2, 1, 5, 2.0)], limit=5)
    assert len(ranked) == 1
    assert ranked[0].more_sources == 0
    assert ranked[0].article_id == 2  # the first report is shown
