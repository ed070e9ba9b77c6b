"""One module per CLI subcommand, each with ``run(args) -> exit code``; imported only when that command runs."""
