"""The admin pages, one module per page; each module adds its routes with ``add_routes``."""
