"""Destinations: the frozen ISO list matches pycountry, names resolve, Hong Kong answers as China."""

import datetime as dt

import pycountry
import pytest

from chipdb.domain.countries import ALIASES, ISO_ALPHA2, as_china, country_code
from chipdb.errors import InputError


def test_the_frozen_iso_list_is_pycountrys() -> None:
    assert {c.alpha_2 for c in pycountry.countries} == ISO_ALPHA2


def test_every_alias_is_a_real_code() -> None:
    assert set(ALIASES.values()) <= ISO_ALPHA2


@pytest.mark.parametrize(("text", "code"), [("cn", "CN"), ("China", "CN"), ("CHN", "CN"), ("Saudi Arabia", "SA"),
                                            ("Russia", "RU"), ("Macau", "MO"), ("Viet Nam", "VN"), ("vietnam", "VN"),
                                            ("  hong   kong ", "HK"), ("Burma", "MM"), ("UAE", "AE")])  # fmt: skip
def test_names_and_codes_resolve(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize("text", ["XX", "", "   ", "D:5", "Atlantis", "C"])
def test_non_countries_are_refused(text: str) -> None:
    with pytest.raises(InputError):
        country_code(text)


def test_hong_kong_is_china_from_2020_12_23() -> None:
    assert as_china("HK", dt.date(2020, 12, 22)) == "HK"
    assert as_china("HK", dt.date(2020, 12, 23)) == "CN"
    assert as_china("MO", dt.date(2024, 1, 1)) == "MO"
