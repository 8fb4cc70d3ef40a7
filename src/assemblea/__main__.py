from assemblea.cli import main

raise SystemExit(main())
