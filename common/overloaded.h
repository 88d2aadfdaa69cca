// Overloaded: a visitor made of lambdas, for std::visit over the session's events and effects.
#pragma once

namespace yimen {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace yimen
