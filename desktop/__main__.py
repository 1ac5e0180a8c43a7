"""Entry point: `python -m desktop` and the `solamtheobac` script."""

import sys


def main() -> int:
    from desktop.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
