# SPDX-License-Identifier: Apache-2.0
"""Every function of a bound C module is reachable from Python, unless it is
listed below with the reason it is not bound.

Reads the public headers: include/myk10/<module>.h counts as bound once
bindings/<module>.i exists, and from then on a C function added to the
header without a binding (or a NOT_BOUND entry) fails here. Headers without
an interface file yet are reported as skipped."""

import pathlib
import re

import pytest

import myk10

SOURCE_ROOT = pathlib.Path(__file__).resolve().parents[3]
HEADERS = SOURCE_ROOT / "include" / "myk10"
INTERFACES = SOURCE_ROOT / "bindings"

# C functions deliberately not bound, with the reason (the module .i files
# say the same).
NOT_BOUND = {
    "myk10_set_allocator": "hosts cannot supply C allocator functions",
    "myk10_malloc": "the binding copies all memory into Python objects",
    "myk10_free": "the binding copies all memory into Python objects",
    "myk10_time_strlen": "time_format returns a str, there is no buffer to size",
}

DECLARATION = re.compile(r"^MYK10_API\b[^;(]*?\b(myk10_\w+)\s*\(", re.MULTILINE)

MODULES = sorted(header.stem for header in HEADERS.glob("*.h") if header.stem != "myk10")


def declared_functions(module):
    return DECLARATION.findall((HEADERS / f"{module}.h").read_text(encoding="utf-8"))


def is_bound(module):
    return (INTERFACES / f"{module}.i").is_file()


def test_common_module_is_bound():
    assert is_bound("common")
    assert "myk10_time_parse" in declared_functions("common")


@pytest.mark.parametrize("module", MODULES)
def test_every_function_is_bound(module):
    if not is_bound(module):
        pytest.skip(f"{module}.h has no bindings/{module}.i yet")
    missing = [name for name in declared_functions(module)
               if name not in NOT_BOUND
               and not callable(getattr(myk10, name.removeprefix("myk10_"), None))]
    assert not missing, (f"not reachable from Python: {', '.join(missing)} - bind them in "
                         f"bindings/{module}.i or list them in NOT_BOUND with a reason")


def test_not_bound_list_has_no_stale_entries():
    declared = {name for module in MODULES for name in declared_functions(module)}
    assert set(NOT_BOUND) <= declared
