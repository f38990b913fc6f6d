"""`talentflow-dbt`: dbt, started so that it dies with the build that started it, in the
warehouse's folder.

dagster-dbt runs dbt as a child process. A build killed with SIGKILL cannot stop its children,
and an orphaned dbt would go on writing the warehouse. Linux's parent-death signal, set here
before exec, kills dbt as soon as the build's process is gone.

dbt parses the whole project again when its `--vars` or its profile change, and both name the
warehouse. So dbt runs in the warehouse's folder with the warehouse named relative to it
(settings.relocated_dbt_vars): every warehouse gives the same vars and profile, and a build of
another warehouse parses partially, as a build of the same one does.
"""

import ctypes
import os
import signal
import sys

from orchestration.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR, relocated_dbt_vars

PR_SET_PDEATHSIG = 1


def main() -> None:
    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the signal was set
        sys.exit(1)
    args = sys.argv[1:]
    if "--vars" in args:
        at = args.index("--vars") + 1
        folder, args[at] = relocated_dbt_vars(args[at])
        # the project, its profile, the target and the logs stay where they were asked for
        os.environ.setdefault("DBT_PROJECT_DIR", str(DBT_PROJECT_DIR))
        os.environ.setdefault("DBT_PROFILES_DIR", str(DBT_PROJECT_DIR))
        for name in ("DBT_TARGET_PATH", "DBT_LOG_PATH"):
            if name in os.environ:
                os.environ[name] = os.path.abspath(os.environ[name])
        folder.mkdir(parents=True, exist_ok=True)  # a fresh clone parses before any build
        os.chdir(folder)
    os.execv(DBT_EXECUTABLE, [DBT_EXECUTABLE, *args])
