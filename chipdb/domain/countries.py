"""Destinations as ISO 3166-1 alpha-2 codes: validated, resolved from names, and Hong Kong as China under the EAR.

A code is checked against a frozen copy of ISO 3166-1 (a test keeps it equal to pycountry's), so the common case
costs nothing; pycountry is imported only to resolve a name ("Saudi Arabia") or to suggest one.
"""

import datetime as dt

from chipdb.errors import InputError

#: ISO 3166-1 alpha-2, as pycountry lists it (tests/test_countries.py keeps the two equal).
ISO_ALPHA2: frozenset[str] = frozenset(
    [
        "AD",
        "AE",
        "AF",
        "AG",
        "AI",
        "AL",
        "AM",
        "AO",
        "AQ",
        "AR",
        "AS",
        "AT",
        "AU",
        "AW",
        "AX",
        "AZ",
        "BA",
        "BB",
        "BD",
        "BE",
        "BF",
        "BG",
        "BH",
        "BI",
        "BJ",
        "BL",
        "BM",
        "BN",
        "BO",
        "BQ",
        "BR",
        "BS",
        "BT",
        "BV",
        "BW",
        "BY",
        "BZ",
        "CA",
        "CC",
        "CD",
        "CF",
        "CG",
        "CH",
        "CI",
        "CK",
        "CL",
        "CM",
        "CN",
        "CO",
        "CR",
        "CU",
        "CV",
        "CW",
        "CX",
        "CY",
        "CZ",
        "DE",
        "DJ",
        "DK",
        "DM",
        "DO",
        "DZ",
        "EC",
        "EE",
        "EG",
        "EH",
        "ER",
        "ES",
        "ET",
        "FI",
        "FJ",
        "FK",
        "FM",
        "FO",
        "FR",
        "GA",
        "GB",
        "GD",
        "GE",
        "GF",
        "GG",
        "GH",
        "GI",
        "GL",
        "GM",
        "GN",
        "GP",
        "GQ",
        "GR",
        "GS",
        "GT",
        "GU",
        "GW",
        "GY",
        "HK",
        "HM",
        "HN",
        "HR",
        "HT",
        "HU",
        "ID",
        "IE",
        "IL",
        "IM",
        "IN",
        "IO",
        "IQ",
        "IR",
        "IS",
        "IT",
        "JE",
        "JM",
        "JO",
        "JP",
        "KE",
        "KG",
        "KH",
        "KI",
        "KM",
        "KN",
        "KP",
        "KR",
        "KW",
        "KY",
        "KZ",
        "LA",
        "LB",
        "LC",
        "LI",
        "LK",
        "LR",
        "LS",
        "LT",
        "LU",
        "LV",
        "LY",
        "MA",
        "MC",
        "MD",
        "ME",
        "MF",
        "MG",
        "MH",
        "MK",
        "ML",
        "MM",
        "MN",
        "MO",
        "MP",
        "MQ",
        "MR",
        "MS",
        "MT",
        "MU",
        "MV",
        "MW",
        "MX",
        "MY",
        "MZ",
        "NA",
        "NC",
        "NE",
        "NF",
        "NG",
        "NI",
        "NL",
        "NO",
        "NP",
        "NR",
        "NU",
        "NZ",
        "OM",
        "PA",
        "PE",
        "PF",
        "PG",
        "PH",
        "PK",
        "PL",
        "PM",
        "PN",
        "PR",
        "PS",
        "PT",
        "PW",
        "PY",
        "QA",
        "RE",
        "RO",
        "RS",
        "RU",
        "RW",
        "SA",
        "SB",
        "SC",
        "SD",
        "SE",
        "SG",
        "SH",
        "SI",
        "SJ",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SR",
        "SS",
        "ST",
        "SV",
        "SX",
        "SY",
        "SZ",
        "TC",
        "TD",
        "TF",
        "TG",
        "TH",
        "TJ",
        "TK",
        "TL",
        "TM",
        "TN",
        "TO",
        "TR",
        "TT",
        "TV",
        "TW",
        "TZ",
        "UA",
        "UG",
        "UM",
        "US",
        "UY",
        "UZ",
        "VA",
        "VC",
        "VE",
        "VG",
        "VI",
        "VN",
        "VU",
        "WF",
        "WS",
        "YE",
        "YT",
        "ZA",
        "ZM",
        "ZW",
    ]
)

#: Names the EAR and the press use that ISO 3166 spells otherwise.
ALIASES: dict[str, str] = {
    "russia": "RU", "macau": "MO", "burma": "MM", "turkey": "TR", "türkiye": "TR", "turkiye": "TR",
    "uk": "GB", "britain": "GB", "great britain": "GB", "usa": "US", "america": "US", "korea, south": "KR",
    "korea, north": "KP", "prc": "CN", "mainland china": "CN", "uae": "AE", "emirates": "AE",
    "congo (democratic republic of the)": "CD", "drc": "CD", "ivory coast": "CI", "czechia": "CZ",
}  # fmt: skip

#: Since 85 FR 83765 (effective 2020-12-23) the EAR treats Hong Kong as China: no separate country groups.
HONG_KONG_AS_CHINA_SINCE = dt.date(2020, 12, 23)
HONG_KONG_CITATION = (
    "85 FR 83765 (FR Doc 2020-28101): Hong Kong is treated as China under the EAR since 2020-12-23"
)


def country_code(text: str, option: str = "--destination") -> str:
    """The ISO alpha-2 code for a code, an alpha-3 code or a name; InputError naming the option otherwise."""
    value = " ".join(text.split())
    if len(value) == 2 and value.upper() in ISO_ALPHA2:
        return value.upper()
    if not value:
        raise InputError(f"{option}: give a country (an ISO 3166 code such as CN, or a name such as China)")
    if ":" in value:
        raise InputError(
            f"{option}: {text!r} is a country group; give a country (chipdb resolves the groups)"
        )
    alias = ALIASES.get(value.casefold())
    if alias:
        return alias
    import pycountry

    try:
        return str(pycountry.countries.lookup(value).alpha_2)
    except LookupError:
        pass
    hint = _suggest(value)
    raise InputError(f"{option}: {text!r} is not a country{hint} (use an ISO 3166 code such as CN, SA or VN)")


def as_china(country: str, on: dt.date) -> str:
    """The country the EAR treats a destination as on a date: HK is CN from 2020-12-23."""
    return "CN" if country == "HK" and on >= HONG_KONG_AS_CHINA_SINCE else country


def name_of(code: str) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    return str(getattr(found, "common_name", None) or found.name) if found else code


def _suggest(value: str) -> str:
    import pycountry

    from chipdb.domain.names import suggestions

    candidates = {c.name: c.alpha_2 for c in pycountry.countries}
    candidates.update({getattr(c, "common_name", c.name): c.alpha_2 for c in pycountry.countries})
    candidates.update({alias: code for alias, code in ALIASES.items()})
    labelled = {text: f"{code} ({name_of(code)})" for text, code in candidates.items()}
    found = suggestions(value, labelled)
    return f"; did you mean {', '.join(found)}?" if found else ""
