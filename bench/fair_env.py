"""What the tuned Python reference gets from its launcher so the race is like for like."""

# What resdense's keep_freed_memory() sets with mallopt (engine/src/build_info.cpp), as glibc's
# environment tunables.
MALLOC_ENV = {"MALLOC_MMAP_THRESHOLD_": str(1 << 30), "MALLOC_ARENA_MAX": "1",
              "MALLOC_TRIM_THRESHOLD_": str(1 << 30), "MALLOC_TOP_PAD_": str(256 << 20)}


def tuned_environment(env):
    """env plus resdense's allocator settings."""
    return {**env, **MALLOC_ENV}
