"""A newer version of the seed document: what a plan manager uploads a month later."""

import pytest

from tests.conftest import SEED_TXT

NEW_NOTE = "Panel chairs appointed and first extended panel held in January 2018"
NEW_ACTION = "Publish a guide for children on how to complain, written with the Children in Care Council"
NEW_REC = "Ensure that care leavers are told about their entitlements in writing"


def updated_seed_text() -> str:
    """The seed with, a month on: a new key point on 1.1 and its RAG amber, 2.1's timetable moved
    to December 2018, 10.1 marked complete, a new action under 11 and a new recommendation 12."""
    lines = SEED_TXT.read_text(encoding="utf-8").split("\n")

    def cells(n):
        return lines[n - 1].split("\t")

    row = cells(8)
    row[4] = "Amber"
    row[5] = row[5] + f" - {NEW_NOTE}"
    lines[7] = "\t".join(row)
    row = cells(9)
    assert row[3] == "September 2018"
    row[3] = "December 2018"
    lines[8] = "\t".join(row)
    row = cells(47)
    assert row[4] == "?????"
    row[4] = "Complete"
    lines[46] = "\t".join(row)
    lines.append(f"\t{NEW_ACTION}\tJackie Cook\tJune 2018\tGreen\t- Draft guide shared with young people")
    lines.append(
        f"12. {NEW_REC}.\tAppoint a leaving care lead\tAlasdair Smith\tSeptember 2018\t\t- Post advertised"
    )
    lines.append("\tWrite to every care leaver\t\tOctober 2018\t\t")
    return "\n".join(lines)


@pytest.fixture
def updated_bytes():
    return updated_seed_text().encode("utf-8")
