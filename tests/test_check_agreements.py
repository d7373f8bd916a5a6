"""kzturk check on agreements (kzturk.check.agreements): a signing step, steps in an order
that can be, and every id they name found in the store."""

from __future__ import annotations

from pathlib import Path

from agreement_helpers import agreement, agreement_store, step

from kzturk.check import check_store


def problems(tmp_path: Path, *agreements: dict) -> list[str]:
    return [str(p) for p in check_store(agreement_store(tmp_path, list(agreements)))]


def test_the_example_lives_pass(tmp_path: Path) -> None:
    assert check_store(agreement_store(tmp_path)) == []


def test_an_agreement_needs_a_signing_step(tmp_path: Path) -> None:
    found = problems(tmp_path, agreement("a", step("approved", "2018-09-12")))
    assert found == ["a: no signing step (kzturk agreement step ID --kind signed ...)"]


def test_ratified_before_signed(tmp_path: Path) -> None:
    found = problems(
        tmp_path, agreement("a", step("signed", "2003-05"), step("ratified", "2003-04-30"))
    )
    assert found == ["a: ratified 2003-04-30 is before it was signed (2003-05)"]


def test_same_month_is_not_out_of_order(tmp_path: Path) -> None:
    assert (
        problems(
            tmp_path, agreement("a", step("signed", "2003-05"), step("ratified", "2003-05-02"))
        )
        == []
    )


def test_in_force_before_the_last_ratification(tmp_path: Path) -> None:
    life = agreement(
        "a",
        step("signed", "2003"),
        step("ratified", "2005-06-01", party="turkey"),
        step("in-force", "2004-01-01"),
    )
    [found] = problems(tmp_path, life)
    assert "in force 2004-01-01 before its ratification of 2005-06-01 by turkey" in found


def test_amendment_and_supersession_must_point_at_an_agreement(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        agreement("a", step("signed", "2000"), step("amended", "2005", agreement="ghost")),
        agreement("b", step("signed", "2000"), step("superseded", "2005")),
    )
    assert "a: step 2 (amended 2005): agreement 'ghost' is not in the store" in found
    assert any(p.startswith("b: step 2 (superseded 2005): name the agreement") for p in found)


def test_unknown_parties_sources_and_facts(tmp_path: Path) -> None:
    life = agreement(
        "a",
        step("signed", "2000", party="nobody", sources=["nowhere"]),
        parties=["kazakhstan", "atlantis"],
        facts=["F999"],
    )
    found = problems(tmp_path, life)
    assert "a: party 'atlantis' is not an entity id (kzturk entities lists them)" in found
    assert "a: fact F999 is not in the store" in found
    assert "a: step 1 (signed 2000): party 'nobody' is not an entity id" in found
    assert "a: step 1 (signed 2000): source 'nowhere' is not in the store" in found


def test_a_bad_step_shape_is_a_schema_problem(tmp_path: Path) -> None:
    bad = agreement("a", {**step("signed", "2000"), "kind": "sealed"})
    found = problems(tmp_path, bad)
    assert found and all(p.startswith("a: steps.0.kind") for p in found)
