from live_assist.cli import main

raise SystemExit(main())
