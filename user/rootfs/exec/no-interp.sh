#!   
# No interpreter named.
