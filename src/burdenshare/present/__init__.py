"""Results for people and for other programs: tables in the terminal, CSV, JSON, Excel and charts,
in the reader's language and with one money unit per table. Used by the CLI and the web alike."""
