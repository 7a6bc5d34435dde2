"""One module per `casebook` command; `generator.cli` wires them to the command line."""
