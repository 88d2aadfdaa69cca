// A state machine's transition table: rows of (from, event, guard, to, action), tried in order.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace yimen::kiosk::core {

// The position of T among a variant's alternatives (the variant's size when absent, which fails to compile
// below).
template <typename T, typename Variant>
struct AlternativeIndex;
template <typename T, typename... Ts>
struct AlternativeIndex<T, std::variant<Ts...>> {
    static constexpr std::size_t value = [] {
        constexpr bool matches[] = {std::is_same_v<T, Ts>...};
        for (std::size_t i = 0; i < sizeof...(Ts); ++i)
            if (matches[i])
                return i;
        return sizeof...(Ts);
    }();
};

// What a row does with the event it matches. Every kind is declared: nothing is handled or ignored by
// default.
enum class RowKind {
    handle,      // runs the action, then moves to `to` (if any)
    ignore,      // expected here and deliberately without effect (e.g. a report that arrives late)
    unexpected,  // a bug if it arrives here: the machine logs it and changes nothing
};

// Not thread-safe to build; a built table is read-only and may be shared. State is an enum; Context is what
// guards and actions work on (the machine's state and the effects being collected); Event is a std::variant.
template <typename State, typename Context, typename Event>
class TransitionTable {
public:
    using Guard = std::function<bool(const Context&, const Event&)>;
    using Action = std::function<void(Context&, const Event&)>;

    struct Row {
        std::optional<State> from;  // nullopt: any state
        std::size_t event;          // index in Event
        Guard guard;                // empty: always
        std::optional<State> to;    // nullopt: stays in `from`
        Action action;              // empty: nothing to do
        RowKind kind = RowKind::handle;
    };

    // The row for an event whose alternative is E. `guard` and `action` take (const Context&, const E&) and
    // (Context&, const E&).
    template <typename E, typename G, typename A>
    TransitionTable& on(std::optional<State> from, G guard, std::optional<State> to, A action) {
        rows_.push_back(Row{from, indexOf<E>(), wrapGuard<E>(std::move(guard)), to,
                            wrapAction<E>(std::move(action)), RowKind::handle});
        return *this;
    }
    // The same without a guard.
    template <typename E, typename A>
    TransitionTable& on(std::optional<State> from, std::optional<State> to, A action) {
        return on<E>(from, nullptr, to, std::move(action));
    }
    // E arrives in `from` (nullopt: any state) and is deliberately without effect.
    template <typename E>
    TransitionTable& ignore(std::optional<State> from) {
        rows_.push_back(Row{from, indexOf<E>(), {}, std::nullopt, {}, RowKind::ignore});
        return *this;
    }
    // E arriving in `from` (nullopt: any state) is a bug.
    template <typename E>
    TransitionTable& unexpected(std::optional<State> from) {
        rows_.push_back(Row{from, indexOf<E>(), {}, std::nullopt, {}, RowKind::unexpected});
        return *this;
    }

    // The first row whose state and event match and whose guard holds; nullptr when none does.
    const Row* find(State current, const Context& context, const Event& event) const {
        for (const Row& row : rows_) {
            if (row.event != event.index() || (row.from && *row.from != current))
                continue;
            if (row.guard && !row.guard(context, event))
                continue;
            return &row;
        }
        return nullptr;
    }

    // Runs a found row's action; returns the state the machine is in afterwards.
    static State apply(const Row& row, State current, Context& context, const Event& event) {
        if (row.kind != RowKind::handle)
            return current;
        if (row.action)
            row.action(context, event);
        return row.to.value_or(current);
    }

    const std::vector<Row>& rows() const { return rows_; }

    template <typename E>
    static constexpr std::size_t indexOf() {
        constexpr std::size_t index = AlternativeIndex<E, Event>::value;
        static_assert(index < std::variant_size_v<Event>, "not an event of this table");
        return index;
    }

private:
    template <typename E, typename G>
    static Guard wrapGuard(G guard) {
        if constexpr (std::is_null_pointer_v<G>)
            return {};
        else
            return [g = std::move(guard)](const Context& c, const Event& e) { return g(c, std::get<E>(e)); };
    }
    template <typename E, typename A>
    static Action wrapAction(A action) {
        if constexpr (std::is_null_pointer_v<A>)
            return {};
        else
            return [a = std::move(action)](Context& c, const Event& e) { a(c, std::get<E>(e)); };
    }

    std::vector<Row> rows_;
};

}  // namespace yimen::kiosk::core
