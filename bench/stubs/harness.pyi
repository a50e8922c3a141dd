# For mypy only. The bench scripts run as `python bench/<script>.py`, so they import their siblings
# by bare name (`from harness import ...`), while mypy names bench's modules bench.<script>
# (pyproject.toml, [tool.mypy]): this stub, on mypy_path, gives the bare name the same types.
from bench.harness import *  # noqa: F403
