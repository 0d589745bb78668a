from collections import Counter

from bot.digest.ranking import Candidate, importance, rank_stories, source_cap


def test_story_told_by_several_sources_is_one_item_ranked_first() -> None:
    candidates = [
        Candidate(1, source_id=1, story_id=None, age_hours=1.0),
        Candidate(2, source_id=1, story_id=10, age_hours=3.0),
        Candidate(3, source_id=2, story_id=10, age_hours=2.5),
        Candidate(4, source_id=3, story_id=10, age_hours=2.0),
    ]
    ranked = rank_stories(candidates, limit=10)
    assert [s.article_id for s in ranked] == [2, 1]
    assert ranked[0].more_sources == 2
    assert ranked[0].also_article_ids == (3, 4)  # the other sources' reports, earliest first
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


def test_a_day_of_two_large_outlets_and_small_sources_shows_the_large_outlets_stories() -> None:
    # 30 articles each from two large outlets (1, 2), two stories both told; one article each from five
    # small sources (3..7): an import file, a channel, small feeds. Ages spread over the day.
    day: list[Candidate] = []
    article_id = 0
    for source in (1, 2):
        for i in range(30):
            article_id += 1
            story = 1000 + i if i < 2 else None  # the first two are shared stories
            day.append(Candidate(article_id, source, story, age_hours=0.5 + i * 0.7))
    for source in range(3, 8):
        article_id += 1
        day.append(Candidate(article_id, source, None, age_hours=2.0 + source))
    ranked = rank_stories(day, limit=10)
    assert [s.more_sources for s in ranked[:2]] == [1, 1]  # the stories both outlets told lead
    leads = Counter(s.source_ids[0] for s in ranked if len(s.source_ids) == 1)
    # The large outlets' own stories are there, not pushed out by the small sources' volume...
    assert leads[1] + leads[2] >= 4
    # ...and no source takes more than its share.
    assert all(count <= source_cap(10) for count in leads.values())


def test_the_cap_per_source_gives_way_when_nothing_else_is_left() -> None:
    one_source = [Candidate(i, 1, None, float(i)) for i in range(1, 20)]
    assert len(rank_stories(one_source, limit=10)) == 10
    mixed = [*one_source, Candidate(100, 2, None, 30.0)]
    ranked = rank_stories(mixed, limit=10)
    assert 100 in [s.article_id for s in ranked]  # the old story of another source gets a place
    assert sum(1 for s in ranked if s.source_ids == (1,)) == 9


def test_more_reports_of_a_story_weigh_a_little() -> None:
    assert importance(1, 1.0, article_count=4) > importance(1, 1.0, article_count=1)
    assert importance(1, 1.0, article_count=4) < importance(2, 1.0, article_count=2)


def test_same_story_from_one_source_counts_once() -> None:
    ranked = rank_stories([Candidate(1, 1, 5, 1.0), Candidate(2, 1, 5, 2.0)], limit=5)
    assert len(ranked) == 1
    assert ranked[0].more_sources == 0
    assert ranked[0].article_id == 2  # the first report is shown


def test_a_one_article_story_scores_as_importance_says() -> None:
    for age in (0.0, 0.5, 7.0, 30.0):
        [story] = rank_stories([Candidate(1, 1, None, age)], limit=1)
        assert abs(story.score - importance(1, age)) < 1e-12
