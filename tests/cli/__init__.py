"""Tests of the command-line layer (cli/): what each command prints and its exit codes."""
