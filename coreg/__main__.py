from coreg.cli import main

main()
