# The frozen manifest for the emulated board's firmware: nn_pure's core, compiled into flash.
#
# The core is every .py file at the top level of nn_pure/.  Subpackages (a folder such as
# nn_pure/cli/) hold the CPython-only command-line code and stay out.  The list is read
# from the directory, so a module added to the core is frozen without editing this file.
# MicroPython's makemanifest runs this with the current directory set to this file's.
import os

_core = os.path.join(os.getcwd(), "..", "..", "nn_pure")
package(
    "nn_pure",
    files=sorted(name for name in os.listdir(_core)
                 if name.endswith(".py") and os.path.isfile(os.path.join(_core, name))),
    base_path=os.path.join(_core, ".."),
)
