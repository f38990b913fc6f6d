"""`talentflow-dbt`: dbt, started so that it dies with the build that started it.

dagster-dbt runs dbt as a child process. A build killed with SIGKILL cannot stop its children,
and an orphaned dbt would go on writing the warehouse. Linux's parent-death signal, set here
before exec, kills dbt as soon as the build's process is gone.
"""

import ctypes
import os
import signal
import sys

from orchestration.settings import DBT_EXECUTABLE

PR_SET_PDEATHSIG = 1


def main() -> None:
    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the signal was set
        sys.exit(1)
    os.execv(DBT_EXECUTABLE, [DBT_EXECUTABLE, *sys.argv[1:]])
