# For mypy only. The bench scripts run as `python bench/<script>.py`, so they import their siblings
# by bare name (`import generate`), while mypy names bench's modules bench.<script>
# (pyproject.toml, [tool.mypy]): this stub, on mypy_path, gives the bare name the same types.
from bench.generate import *  # noqa: F403
