#pragma once

// The integration tests' modemsim: the shared harness under tests/common.
#include "../../common/modemsimprocess.h"

using SimTest::SimProcess;
