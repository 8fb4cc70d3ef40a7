"""Pure-Python engines (no Django import): sortition, voting, opinion maps, budgeting, tables.

Each engine is usable as a library and registers a subcommand of the `assemblea` command line
through a module `assemblea.engines.<name>.cli` exposing `register(subparsers)`.
"""
