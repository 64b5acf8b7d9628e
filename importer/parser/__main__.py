"""Allow `python -m importer.parser FILE [--date D] [--working-group NAME] [--translation F2]`."""

import sys

from .cli import main

sys.exit(main())
