"""Builds the optional compiled core (Cython). Everything else is in pyproject.toml.

Each compiled module has a pure-Python reference in the package that gives the same results
(tests/test_compiled_core.py); when no C compiler is at hand the build goes on without the extension
and ghirbal runs the reference, slower."""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

try:
    from Cython.Build import cythonize
except ImportError:  # no Cython in the build environment: pure Python
    cythonize = None


class OptionalBuildExt(build_ext):
    """A failed compile is a warning, not a failed install: the pure-Python reference takes over."""

    def run(self):
        try:
            super().run()
        except Exception as exc:  # noqa: BLE001 - any compiler failure
            print(f"ghirbal: compiled core not built ({exc}); using the pure-Python reference")

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as exc:  # noqa: BLE001
            print(f"ghirbal: {ext.name} not built ({exc}); using the pure-Python reference")


EXTENSIONS = [
    Extension(f"ghirbal.{module}", [f"src/ghirbal/{module.replace('.', '/')}.pyx"], optional=True)
    for module in ("linemodel._trees", "linemodel._counts", "linemodel._pages", "linemodel._dates", "linemodel._story", "quality._scan", "html._walk",
                   "html._passes", "html._records")
]

setup(
    ext_modules=cythonize(EXTENSIONS, quiet=True) if cythonize else [],
    cmdclass={"build_ext": OptionalBuildExt},
)
