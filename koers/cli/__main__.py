"""``python -m koers.cli``: the same as the ``koers`` command (the web server starts its worker
this way)."""

import sys

from koers.cli import main

sys.exit(main())
