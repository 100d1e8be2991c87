"""A suggestion source module whose package is not installed (the tests' double)."""

import no_such_package_xyz  # noqa: F401


def make(store):
    raise AssertionError("never reached")
