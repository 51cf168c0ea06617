"""govpack's tasks: ``invoke --list`` shows them. They are defined in the library
(src/govpack/tools/tasks.py), so that an installed govpack has them too, as ``govpack``."""

from govpack.tools.tasks import bench, build, changes, check, clean, explain, import_document, init, new, new_meeting, publish, schema, serve, test, uploaded  # noqa: F401
