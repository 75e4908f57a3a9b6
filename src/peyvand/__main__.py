from peyvand.cli import main

raise SystemExit(main())
