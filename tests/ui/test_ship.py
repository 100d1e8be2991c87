"""What ships with the app: its version, icon, desktop file and the build's recipe. The build
itself takes minutes and is checked by tools/check_build.py, not here."""

import ast
import configparser
import os
import subprocess
import sys

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from annotator import __version__
from annotator.core.store import Store
from annotator.ui.app import create_window
from annotator.ui.icon import SIZES, app_icon
from tests.conftest import ROOT

ICONS = ROOT / "resources" / "icons"


def test_version_is_the_package_version():
    done = subprocess.run([sys.executable, "-m", "annotator", "--version"],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout == f"annotator, version {__version__}\n"
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'version = "{__version__}"' in pyproject


def test_every_icon_size_is_a_square_png_drawn_from_the_svg(qapp):
    assert (ICONS / "annotator.svg").read_text().startswith("<svg")
    for size in SIZES:
        image = QImage(str(ICONS / f"annotator-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        corner, middle = image.pixelColor(0, 0), image.pixelColor(size // 2, size // 4)
        assert corner.alpha() == 0 and middle.alpha() == 255  # a rounded mark, not a blank
    assert sorted(s.width() for s in app_icon().availableSizes()) == list(SIZES)


def test_the_window_has_the_icon_and_a_title_naming_project_and_annotator(qtbot, tmp_path):
    path = tmp_path / "trade.annotator"
    Store.open(path).close()
    QApplication.setWindowIcon(app_icon())  # as app.run does
    window = create_window(str(path))
    qtbot.addWidget(window)
    assert window.windowTitle().startswith("trade.annotator — ")
    assert window.windowTitle().endswith(" — annotator")
    assert not window.windowIcon().isNull()
    assert len(window.windowIcon().availableSizes()) == len(SIZES)
    window.close()


def test_the_desktop_file_names_the_command_and_the_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "resources" / "annotator.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == "annotator"
    assert desktop["Icon"] == "annotator"


def _spec() -> dict:
    """build.spec's Analysis(...) script and data, and its EXCLUDES, read without running
    PyInstaller."""
    tree = ast.parse((ROOT / "build.spec").read_text())
    calls = {node.func.id: node for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    analysis = {k.arg: k.value for k in calls["Analysis"].keywords}
    constants = {t.id: ast.literal_eval(node.value) for node in tree.body
                 if isinstance(node, ast.Assign) for t in node.targets
                 if isinstance(t, ast.Name) and isinstance(node.value, (ast.Constant, ast.Tuple,
                                                                        ast.List))}
    return {"script": ast.literal_eval(calls["Analysis"].args[0]),
            "datas": ast.literal_eval(analysis["datas"]),
            "excludes": constants["EXCLUDES"]}


def test_build_spec_names_the_entry_point_and_data_that_exist():
    spec = _spec()
    assert [ROOT / s for s in spec["script"]] == [ROOT / "annotator" / "__main__.py"]
    assert (ROOT / spec["script"][0]).read_text().strip().endswith("main()")
    for source, target in spec["datas"]:
        assert (ROOT / source).is_dir() and source == target
    assert {"resources", "seeds"} <= {s for s, _ in spec["datas"]}
    # what the app does not use stays out of the bundle
    assert {"spacy", "sklearn", "datasets", "PySide6.QtWebEngineCore"} <= set(spec["excludes"])
    source = (ROOT / "build.spec").read_text()
    for icon in ("annotator.ico", "annotator.icns"):
        assert icon in source and (ICONS / icon).is_file()


def test_the_app_started_as_a_user_starts_it_shows_its_icon_and_title(tmp_path):
    """`annotator PROJECT` in a process of its own (the hidden flag closes it once shown)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "annotator", "gui",
                           str(tmp_path / "trade.annotator"), "--close-when-shown"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    shown = next(line for line in done.stdout.splitlines() if line.startswith("shown:"))
    assert shown.startswith("shown: trade.annotator — ")
    assert shown.endswith("icon sizes: 16, 32, 48, 64, 128, 256")
