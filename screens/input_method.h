// The input method the on-screen Chinese keyboard drives: letters in, candidate characters out. Implemented
// by screens/ime/rime_pinyin (librime); the UI holds one, borrowed, and never lets its spelling outlive a
// question.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/error.h"

namespace yimen::screens {

// What is being typed: the spelling so far and the candidates it could become.
struct Composition {
    // The spelling as the citizen sees it, syllables apart and chosen parts already in characters:
    // "zheng wu", "张xiao ming". Empty when nothing is being composed.
    std::string preedit;
    // From `first`, best first; only what the kiosk can show and print (no characters beyond the BMP).
    std::vector<std::string> candidates;
    std::size_t first = 0;  // the index of candidates[0] among all candidates
    bool more = false;      // candidates exist after the last one here

    bool composing() const { return !preedit.empty(); }
};

class InputMethod {
public:
    virtual ~InputMethod() = default;

    // Waits until the engine can take letters. Errors: unavailable (it cannot work here).
    [[nodiscard]] virtual Status ready() = 0;

    // Adds a letter a-z to the spelling. Errors: invalidInput (not a-z), unavailable (the engine failed).
    [[nodiscard]] virtual Status type(char letter) = 0;
    // Removes the last letter typed, or undoes the last choice when the spelling ends in one.
    [[nodiscard]] virtual Status backspace() = 0;
    // Chooses candidate `index` (counted over all candidates, as Composition::first is). Returns the text
    // that is now final: the whole phrase once every syllable is chosen, "" while some remain to choose.
    // Errors: notFound (no such candidate), unavailable.
    [[nodiscard]] virtual Expected<std::string> choose(std::size_t index) = 0;
    // The spelling and up to `count` candidates from index `first`.
    virtual Composition composition(std::size_t first, std::size_t count) = 0;
    // Forgets the spelling and whatever the engine remembers of the choices made: at every new question, at
    // every change of keyboard and at the end of a session.
    virtual void clear() = 0;
};

}  // namespace yimen::screens
