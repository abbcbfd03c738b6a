from perfrules.cli import main

raise SystemExit(main())
