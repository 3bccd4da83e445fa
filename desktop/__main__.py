"""`python -m desktop` is the `redline` command."""

import sys

from desktop.main import main

sys.exit(main())
