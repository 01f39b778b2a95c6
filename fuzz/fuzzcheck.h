#pragma once

#include <cstdio>
#include <cstdlib>

// An invariant of the code under test. Unlike Q_ASSERT it is active in every build type, and it
// aborts so that libFuzzer records the input as a crash with the failed expression on stderr.
#define FUZZ_CHECK(condition)                                                                        \
    do {                                                                                             \
        if (!(condition)) {                                                                          \
            std::fprintf(stderr, "FUZZ_CHECK failed: %s at %s:%d\n", #condition, __FILE__, __LINE__); \
            std::abort();                                                                            \
        }                                                                                            \
    } while (false)
