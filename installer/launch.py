"""Entry point of both frozen executables (peyvand and peyvand-cli): the console script.

`peyvand` with no command opens the window, exactly as the `peyvand` console script
installed by pip does; the two executables differ only in having a console window.
"""

from peyvand.cli import main

raise SystemExit(main())
