from aacompliance.cli.main import main

main()
