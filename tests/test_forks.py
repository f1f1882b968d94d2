"""The differential tester's forked children: answers by key, however long, however many."""

from __future__ import annotations

import os
import time

import pytest

from .differential.forks import Flights, in_child

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def test_a_child_answers_from_the_parents_state_and_leaves_it_alone():
    state = {"n": 1}

    def work():
        state["n"] += 1
        return state

    assert in_child(work) == {"n": 2}
    assert state == {"n": 1}


def test_flights_land_every_answer_by_key_even_those_longer_than_a_pipe_holds():
    flights = Flights(2)
    for k in range(5):
        flights.start(k, lambda k=k: {"k": k, "blob": "x" * (1 << 18)})
    answers = flights.land()
    assert sorted(answers) == list(range(5))
    assert all(answers[k]["k"] == k and len(answers[k]["blob"]) == 1 << 18 for k in range(5))


def test_flights_run_children_at_once_up_to_the_limit():
    def work():
        # Each child notes when it ran: with room for 3, the three overlap.
        started = time.monotonic()
        time.sleep(0.5)
        return [started, time.monotonic()]

    flights = Flights(3)
    for k in range(3):
        flights.start(k, work)
    spans = list(flights.land().values())
    assert max(s for s, _ in spans) < min(e for _, e in spans)


def test_with_no_room_each_child_ends_before_the_next_starts():
    flights = Flights(0)
    for k in range(3):
        flights.start(k, lambda: [time.monotonic(), time.sleep(0.05) or time.monotonic()])
    spans = sorted(flights.land().values())
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_a_child_that_raises_or_dies_is_reported_not_hung():
    flights = Flights(2)
    flights.start("raises", lambda: 1 / 0)
    flights.start("dies", lambda: os._exit(3))
    answers = flights.land()
    assert "ZeroDivisionError" in answers["raises"]["failed"]
    assert answers["dies"] == {"failed": "the run died without an answer"}


def test_a_child_gets_its_own_copy_of_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.txt").write_text("parent")

    def work():
        mine = open("data.txt").read()
        with open("data.txt", "w") as out:
            out.write("child")
        return [mine, os.getcwd() != str(tmp_path)]

    assert in_child(work, own_folder=True) == ["parent", True]
    assert (tmp_path / "data.txt").read_text() == "parent"


def test_a_process_the_work_left_behind_neither_hangs_the_answer_nor_outlives_the_child():
    def work():
        # A process pool's worker, say: forked by the cell, never waited for.
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
        return "done"

    started = time.monotonic()
    assert in_child(work) == "done"
    assert time.monotonic() - started < 30
