"""The WSGI application that ``koers run`` serves with gunicorn.

The URL configuration and the templates' modules are imported, and the word embeddings read, here
rather than on each worker's first request: with gunicorn's ``--preload`` the workers are forked
with them already loaded, so a restart does not make the first requests of every worker wait.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import get_resolver

from koers.textmine.embed import Embedder

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every app's views and urls now
# The word embeddings (16 MB, half a second to read) that similar use cases and themes use: read
# once here and shared by the forked workers, not once per worker on its first use-case page.
Embedder.load()
# Nothing above should have opened one, but a connection must never be shared by forked workers.
connections.close_all()
# What is loaded now lives as long as the process: moved out of the garbage collector's sight, so
# its full collections (tens of ms each, some during most page requests) need not walk it again.
gc.collect()
gc.freeze()
