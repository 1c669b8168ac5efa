"""`python -m ghirbal ...` is the `ghirbal` command (useful with PYTHONPATH pointing at a checkout)."""

import sys

from ghirbal.cli import main

sys.exit(main())
