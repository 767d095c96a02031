from reprint.cli import main

main()
