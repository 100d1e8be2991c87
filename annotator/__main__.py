import sys

if getattr(sys, "frozen", False):  # the bundled app: let worker processes (news pages) start
    import multiprocessing

    multiprocessing.freeze_support()

from annotator.launch import main  # noqa: E402

main()
