"""desktop.core and desktop.excel must work where Qt cannot even be imported."""

import subprocess
import sys

CODE = """
import builtins, importlib, pkgutil
real_import = builtins.__import__
def guarded(name, *args, **kwargs):
    if name.split('.')[0] == 'PySide6' or name.startswith('desktop.ui'):
        raise ImportError('Qt is not allowed here: ' + name)
    return real_import(name, *args, **kwargs)
builtins.__import__ = guarded
import desktop.core, desktop.excel
for package in (desktop.core, desktop.excel):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):
        importlib.import_module(info.name)
print('ok')
"""


def test_core_and_excel_import_without_qt():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
