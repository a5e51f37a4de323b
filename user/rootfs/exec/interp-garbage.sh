#!/exec/garbage
# The interpreter is no program.
