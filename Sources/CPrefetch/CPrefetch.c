// The target's code is its header's one inline function: see include/CPrefetch.h.
