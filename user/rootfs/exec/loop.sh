#!/exec/loop.sh
# Its own interpreter: too deep a recursion.
