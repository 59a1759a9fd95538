"""The web dashboard and HTTP API (FastAPI): thin routes over the analysis functions."""
