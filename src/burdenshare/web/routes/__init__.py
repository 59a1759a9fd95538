"""The HTTP API's routes, one module per area; each route parses, calls one operation, answers."""
