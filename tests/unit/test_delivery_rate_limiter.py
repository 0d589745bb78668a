from bot.delivery.rate_limiter import ChatPacer, TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bucket_never_exceeds_rate_over_a_window() -> None:
    clock = FakeClock()
    bucket = TokenBucket(25, clock=clock)
    taken = 0
    for _ in range(1000):  # ten seconds in 10 ms steps
        while bucket.take():
            taken += 1
        clock.now += 0.01
    assert 245 <= taken <= 25 * 10 + bucket.capacity


def test_pause_holds_everything_then_resumes() -> None:
    clock = FakeClock()
    bucket = TokenBucket(10, clock=clock)
    bucket.pause(3)
    assert not bucket.take()
    assert 2.9 < bucket.delay() <= 3.0
    clock.now += 3.2
    assert bucket.take()


def test_pacer_spaces_one_chat_not_others() -> None:
    clock = FakeClock()
    pacer = ChatPacer(1.0, clock=clock)
    pacer.sent(1)
    assert pacer.ready_at(1) == 101.0
    assert pacer.ready_at(2) == 0.0
    pacer.hold(1, 105.0)
    assert pacer.ready_at(1) == 105.0
    clock.now = 106.0
    pacer.prune()
    assert pacer.ready_at(1) == 0.0


def test_replies_to_one_chat_take_turns_one_interval_apart() -> None:
    clock = FakeClock()
    pacer = ChatPacer(1.0, clock=clock)
    # Three messages asked for at once: now, in 1 s, in 2 s; another chat is not held up.
    assert [pacer.reserve(1) for _ in range(3)] == [0.0, 1.0, 2.0]
    assert pacer.reserve(2) == 0.0
    clock.now += 10
    assert pacer.reserve(1) == 0.0
