"""--race prints its JSON whether or not --screenshot also draws it."""
import json

from game import cli


def test_race_with_screenshot_prints_the_same_json(tmp_path, capsys):
    common = ["--race", "gd,adam:lr=0.05,newton", "--surface", "himmelblau",
              "--start", "1,1", "--steps", "120"]
    assert cli.main(common) == 0
    alone = json.loads(capsys.readouterr().out)
    png = tmp_path / "race.png"
    assert cli.main(common + ["--screenshot", str(png), "--size", "800x500"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and png.stat().st_size > 0
    assert json.loads(out) == alone
    assert [r["optimizer"] for r in alone["racers"]] == ["gd", "adam", "newton"]
