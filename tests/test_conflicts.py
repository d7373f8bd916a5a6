"""`kzturk conflicts`: each version of a disagreement once, with its sources under it."""

from __future__ import annotations

import re

from conftest import Runner


def test_each_version_is_shown_once_with_every_source(run: Runner) -> None:
    records = run("conflicts", "--json").json
    text = run("conflicts").out
    shown = re.findall(r"^(?:Fact: |\s?)(F\d+)\b", text, flags=re.MULTILINE)
    expected = [fact for record in records for fact in record["facts"]]
    assert shown == expected  # once each, in order: not once per source
    for record in records:
        for version in record["versions"]:
            assert version["source"] in text


def test_a_reference_page_is_never_quoted_by_its_address(run: Runner) -> None:
    records = run("conflicts", "--json").json
    urls = {v["url"] for r in records for v in r["versions"] if not v["quote"] and v["url"]}
    assert urls  # the store cites pages in its disagreements
    text = run("conflicts").out
    assert "Quote:" not in text
    for url in urls:
        assert url not in text


def test_the_footer_counts_disagreements_and_their_facts(run: Runner) -> None:
    records = run("conflicts", "--json").json
    facts = sum(len(r["facts"]) for r in records)
    assert f"{len(records)} disagreements among {facts} facts" in run("conflicts").out
