// Forwards to the windowed runner and the scenario player, which each have their own header now.
#pragma once

#include "kiosk/scenario_player.h"
#include "kiosk/window_runner.h"
