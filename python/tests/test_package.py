# SPDX-License-Identifier: Apache-2.0
"""The package imports the way the README says and carries the version."""

import os
import re
import subprocess
import sys

import mcunet
from conftest import SOURCE_DIR


def test_version_is_the_projects():
    cmake = (SOURCE_DIR / "CMakeLists.txt").read_text()
    version = re.search(r'set\(MCUNET_VERSION "([^"]+)"\)', cmake).group(1)
    assert mcunet.__version__ == version


def test_import_in_a_fresh_interpreter():
    done = subprocess.run(
        [sys.executable, "-c", "import mcunet; print(mcunet.__version__)"],
        capture_output=True, text=True, env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == mcunet.__version__


def test_importing_mcunet_does_not_import_torch():
    code = "import sys, mcunet; print('torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_compile_works_without_numpy(tiny_model):
    """`import mcunet` and compile() need neither numpy nor torch (a python3
    without them, such as pyenv's, can still compile)."""
    code = (
        "import sys; sys.modules['numpy'] = None; sys.modules['torch'] = None\n"
        "import mcunet\n"
        f"c = mcunet.compile({str(tiny_model)!r}, target='host')\n"
        "print(c.report.macs > 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
