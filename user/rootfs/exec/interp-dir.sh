#!/tmp
# The interpreter is a directory.
