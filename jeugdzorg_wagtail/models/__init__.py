"""Models of jeugdzorg_wagtail, one module per family of pages and data.

The public names (see the contract in the docs) are importable from here.
"""

from ..core.models import *  # noqa: F401,F403
from ..events.models import *  # noqa: F401,F403
from ..practice.models import *  # noqa: F401,F403
from ..presentations.models import *  # noqa: F401,F403
from ..taxonomy.models import *  # noqa: F401,F403
from .calls import *  # noqa: F401,F403
