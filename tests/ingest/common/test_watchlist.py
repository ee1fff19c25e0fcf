from pathlib import Path

import pytest
import yaml

from ingest.common.settings import REPO_ROOT
from ingest.common.watchlist import WatchlistError, load_watchlist, parse_watchlist

OPED_FIGURES = {
    "bernie_sanders", "hillary_clinton", "howard_dean", "debbie_wasserman_schultz",
    "eric_cantor", "donald_trump", "elizabeth_warren", "dnc",
}


def test_bundled_watchlist_has_the_oped_figures_and_industries():
    watchlist = load_watchlist(REPO_ROOT / "watchlist.yml")
    assert {f.id for f in watchlist.figures} == OPED_FIGURES
    assert {i.id for i in watchlist.industries} == {"payday_lending", "wall_street_banks"}
    assert watchlist.figure("debbie_wasserman_schultz").candidate_ids == ("H4FL20023",)
    assert watchlist.figure("dnc").type == "party_committee"
    assert "F1420" in watchlist.industries[0].opensecrets_codes


def _base():
    return yaml.safe_load((REPO_ROOT / "watchlist.yml").read_text())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["figures"][4].update(candidate_ids=["H0VA7042"]),
         "figures[4] (eric_cantor): candidate_ids[0] 'H0VA7042' is not an FEC candidate ID"),
        (lambda d: d["figures"][7].update(committee_ids=["C123"]),
         "figures[7] (dnc): committee_ids[0] 'C123' is not an FEC committee ID"),
        (lambda d: d["figures"][0].pop("name"), "figures[0] (bernie_sanders): a figure needs a name"),
        (lambda d: d["figures"][1].update(id="Hillary"), "figures[1]: id 'Hillary' must be lower_snake_case"),
        (lambda d: d["figures"][2].update(twitter="@x"),
         "figures[2] (howard_dean): unknown field(s) twitter"),
        (lambda d: d["figures"].append(dict(d["figures"][0])), "figures[8] (bernie_sanders): duplicate id"),
        (lambda d: d["figures"][6]["search"][0].update(office="X"),
         "figures[6] (elizabeth_warren): search[0]: office 'X' must be one of"),
        (lambda d: d["industries"][1].update(employer_patterns=[]),
         "industries[1] (wall_street_banks): an industry needs at least one employer pattern"),
        (lambda d: d["industries"][0].update(opensecrets_codes=["payday"]),
         "industries[0] (payday_lending): opensecrets_codes[0] 'payday' is not an OpenSecrets category code"),
    ],
)
def test_malformed_entry_fails_fast_naming_it(mutate, message):
    data = _base()
    mutate(data)
    with pytest.raises(WatchlistError) as excinfo:
        parse_watchlist(data)
    assert message in str(excinfo.value)


def test_unreadable_and_invalid_yaml_files_are_named(tmp_path: Path):
    with pytest.raises(WatchlistError, match="cannot read watchlist"):
        load_watchlist(tmp_path / "missing.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("figures: [\n")
    with pytest.raises(WatchlistError, match="is not valid YAML"):
        load_watchlist(bad)


def test_adding_a_figure_is_configuration_only(tmp_path: Path):
    data = _base()
    data["figures"].append({"id": "patrick_mchenry", "name": "Patrick McHenry",
                            "search": [{"q": "McHenry, Patrick", "office": "H"}]})
    path = tmp_path / "watchlist.yml"
    path.write_text(yaml.safe_dump(data))
    figure = load_watchlist(path).figure("patrick_mchenry")
    assert figure.search[0].q == "McHenry, Patrick" and figure.candidate_ids == ()
