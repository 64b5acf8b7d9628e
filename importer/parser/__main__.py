"""Allow `python -m importer.parser FILE [--date YYYY-MM-DD] [--working-group NAME]`."""

import sys

from .cli import main

sys.exit(main())
