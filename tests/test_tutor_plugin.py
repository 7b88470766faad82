"""tutor-contrib-plx with the real Tutor (issue 12.2), offline.

Tutor (the release pinned in tutor-contrib-plx/requirements-test.txt) goes into a virtualenv of
its own: it pins click and pulls kubernetes and mypy, none of which belongs beside plx's own
pins. The plugin is ``pip install -e``'d into it, enabled, and ``tutor config save`` renders the
environment into a temporary ``TUTOR_ROOT``; the tests read the rendered Dockerfile and settings
files. ``tutor local do init`` runs with a stand-in ``docker`` on PATH that records the compose
calls, so Tutor's own job runner shows which container runs plx's init task, and with which
script. Nothing here builds an image or starts Open edX: that needs Docker and the network.
"""
from __future__ import annotations

import os
import re

import pytest

from tests.lms_venv import ROOT, new_venv, run, skip_without_an_index

PLUGIN = ROOT / "tutor-contrib-plx"
SETTINGS_FILES = [f"env/apps/openedx/settings/{app}/{kind}.py" for app in ("lms", "cms")
                  for kind in ("production", "development")]
pytestmark = pytest.mark.slow

FAKE_DOCKER = """#!/bin/sh
# Stand-in for docker: records each call (one argument a line) and answers `compose ls` with nothing.
printf '%s\\n' "$@" "----" >> "$FAKE_DOCKER_LOG"
case " $* " in *" ls --format json "*) echo "[]";; esac
"""


@pytest.fixture(scope="module")
def tutor(tmp_path_factory):
    """``tutor(*args)`` in the venv, with its root and plugins root in a temporary folder."""
    skip_without_an_index("the Tutor plugin test")
    folder = tmp_path_factory.mktemp("tutor")
    python = new_venv(folder / "venv")
    installed = run(python, "-m", "pip", "install", "--quiet", "-r", PLUGIN / "requirements-test.txt", "-e", PLUGIN)
    assert installed.returncode == 0, installed.stderr
    (folder / "bin").mkdir()
    (folder / "bin" / "docker").write_text(FAKE_DOCKER, encoding="utf-8")
    (folder / "bin" / "docker").chmod(0o755)
    env = {"TUTOR_ROOT": str(folder / "root"), "TUTOR_PLUGINS_ROOT": str(folder / "plugins"),
           "FAKE_DOCKER_LOG": str(folder / "docker.log"), "PATH": f"{folder / 'bin'}:{os.environ['PATH']}"}

    def call(*args: str) -> str:
        done = run(python.parent / "tutor", *args, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    call.root = folder / "root"
    call.docker_log = folder / "docker.log"
    call.python = python
    call.env = env
    call("plugins", "enable", "plx")
    return call


def plx_settings_block(text: str) -> dict:
    """Run the rendered ``XBLOCK_SETTINGS`` lines of a settings file; returns the settings it leaves."""
    block = re.search(r"^# plx \(tutor-contrib-plx\).*?^}}$", text, re.M | re.S)
    assert block, "no plx settings in the rendered file"
    namespace = {"XBLOCK_SETTINGS": {"done_xblock": {"kept": True}}}
    exec(block.group(0), namespace)  # noqa: S102  (the file Tutor rendered, in a test)
    return namespace["XBLOCK_SETTINGS"]


def test_the_image_installs_plx_from_the_configured_source_beside_the_operators_own_list(tutor):
    tutor("config", "save", "--set", "PLX_PIP_REQUIREMENT=https://pkgs.example.org/plx-0.1.0-py3-none-any.whl",
          "--set", 'OPENEDX_EXTRA_PIP_REQUIREMENTS=["xblock-poll==1.15.1"]')
    dockerfile = (tutor.root / "env/build/openedx/Dockerfile").read_text(encoding="utf-8")
    plx = dockerfile.index("install 'https://pkgs.example.org/plx-0.1.0-py3-none-any.whl'")
    # The operator's own OPENEDX_EXTRA_PIP_REQUIREMENTS did not replace plx: both are installed.
    assert plx < dockerfile.index("install 'xblock-poll==1.15.1'")
    tutor("config", "save", "--unset", "PLX_PIP_REQUIREMENT")
    assert "install 'plx==0.1.0'" in (tutor.root / "env/build/openedx/Dockerfile").read_text(encoding="utf-8")


def test_every_lms_and_studio_settings_file_gets_the_plx_settings_plx_reads(tutor):
    from plxblocks.blocks.platform import PlxSettings

    tutor("config", "save")
    defaults = PlxSettings()
    for name in SETTINGS_FILES:
        settings = plx_settings_block((tutor.root / name).read_text(encoding="utf-8"))
        assert settings["done_xblock"] == {"kept": True}  # other blocks' settings stay
        assert settings["plx"] == vars(defaults), name  # same names and defaults as plx's own
    tutor("config", "save", "--set", "PLX_PEER_LEASE_MINUTES=45", "--set", "PLX_JOURNAL_EXPORT=false",
          "--set", "PLX_MAX_REQUEST_KB=256")
    rendered = plx_settings_block((tutor.root / SETTINGS_FILES[0]).read_text(encoding="utf-8"))["plx"]
    assert PlxSettings.from_mapping(rendered) == PlxSettings(PEER_LEASE_MINUTES=45, JOURNAL_EXPORT=False,
                                                             MAX_REQUEST_KB=256)
    tutor("config", "save", "--unset", "PLX_PEER_LEASE_MINUTES", "--unset", "PLX_JOURNAL_EXPORT",
          "--unset", "PLX_MAX_REQUEST_KB")


def test_a_setting_of_the_wrong_type_stops_config_save_with_a_message(tutor):
    done = run(tutor.python.parent / "tutor", "config", "save", "--set", "PLX_JOURNAL_EXPORT=sometimes", env=tutor.env)
    assert done.returncode != 0
    assert "plx settings take true/false or a whole number, not 'sometimes'" in done.stdout + done.stderr
    tutor("config", "save", "--unset", "PLX_JOURNAL_EXPORT")


def test_local_do_init_migrates_plx_in_the_lms_job(tutor):
    from plxblocks.checks.apps import ChecksConfig
    from plxblocks.journal.apps import JournalConfig
    from plxblocks.peer.apps import PeerConfig

    tutor("config", "save")
    tutor.docker_log.unlink(missing_ok=True)
    tutor("local", "do", "init", "--limit=plx")
    calls = [call.split("\n") for call in tutor.docker_log.read_text(encoding="utf-8").split("----\n") if call]
    runs = [args for args in calls if "run" in args]
    assert len(runs) == 1, calls
    args = runs[0]
    assert args[args.index("run") + 1:args.index("run") + 4] == ["--rm", "-T", "lms-job"]
    script = "\n".join(args[args.index("-c") + 1:])
    commands = [line for line in script.splitlines() if line and not line.startswith("#")]
    assert commands == [f"./manage.py lms migrate {app.label}" for app in (JournalConfig, PeerConfig, ChecksConfig)]


def test_disabling_the_plugin_takes_plx_out_of_the_environment(tutor):
    tutor("plugins", "disable", "plx")
    try:
        tutor("config", "save")
        rendered = [(tutor.root / name).read_text(encoding="utf-8") for name in
                    ["env/build/openedx/Dockerfile", *SETTINGS_FILES]]
        assert not [text for text in rendered if "tutor-contrib-plx" in text]
    finally:
        tutor("plugins", "enable", "plx")
