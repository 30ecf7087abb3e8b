"""How a run's files are dealt to worker processes."""

from __future__ import annotations

from meshgate.workers import split


def test_each_file_goes_to_exactly_one_share_in_its_order() -> None:
    items = [f"file-{number:04d}" for number in range(1001)]
    shares = split(items, 3)
    assert sorted(item for share in shares for item in share) == items
    assert all(share == sorted(share) for share in shares)
    assert sorted(len(share) for share in shares) == [333, 334, 334]


def test_the_same_files_make_the_same_shares() -> None:
    items = [f"file-{number}" for number in range(500)]
    assert split(items, 2) == split(list(items), 2)


def test_files_in_a_pattern_are_spread_over_the_shares() -> None:
    # A contract sorted after each of the first half's products: dealt in turn, one share got every contract.
    items = [
        name for number in range(2000) for name in (f"p{number:04d}", f"p{number:04d}-c")[: 2 if number < 1000 else 1]
    ]
    contracts = [sum(item.endswith("-c") for item in share) for share in split(items, 2)]
    assert sum(contracts) == 1000
    assert min(contracts) > 450
