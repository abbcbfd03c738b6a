from perfrules.cli.main import main

raise SystemExit(main())
