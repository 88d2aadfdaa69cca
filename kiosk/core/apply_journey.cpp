// The apply journey's transition table and its handlers.
#include "kiosk/core/apply_journey.h"

#include <cctype>

#include "kiosk/core/privacy.h"
#include "kiosk/core/texts.h"
#include "kiosk/core/top_level.h"

namespace yimen::kiosk {

void wipeApplyState(ApplyState& st) {
    secureClear(st.answers);
    secureClear(st.draft);
    st.draftFromCard = false;
    st.fieldError.reset();
    st.fieldIndex = 0;
    st.returnToReview = false;
    st.submitError.clear();
    if (st.receipt) {
        secureClear(st.receipt->maskedIdNumber);
        secureClear(st.receipt->queryCode);
    }
    st.receipt.reset();
    st.printState = PrintState::notStarted;
    st.printMessage.clear();
}

}  // namespace yimen::kiosk

namespace yimen::kiosk::core {

namespace {

using S = Screen;
constexpr std::optional<Screen> stay;

std::string prefillValue(const Identity& id, Prefill p) {
    switch (p) {
    case Prefill::name: return id.name;
    case Prefill::idNumber: return id.idNumber;
    case Prefill::address: return id.address;
    case Prefill::birthDate: return id.birthDate;
    case Prefill::sex: return id.sex;
    case Prefill::nation: return id.nation;
    case Prefill::none: break;
    }
    return {};
}

std::string toUpperAscii(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// ---- shared steps ----
void loadDraft(SessionState& st) {
    st.fieldError.reset();
    st.draftFromCard = false;
    const FieldSpec* f = st.currentField();
    if (!f) {
        secureClear(st.draft);
        return;
    }
    if (auto it = st.answers.find(f->id); it != st.answers.end()) {
        st.draft = it->second;
    } else if (f->prefill != Prefill::none && st.identity) {
        st.draft = prefillValue(*st.identity, f->prefill);
        st.draftFromCard = !st.draft.empty();
    } else {
        secureClear(st.draft);
    }
}

void toReceipt(Step& s, Delivery delivery) {
    SessionState& st = s.state;
    st.receipt->delivery = delivery;
    st.printState = PrintState::printing;
    st.printMessage.clear();
    // The application is committed: the session no longer needs the citizen's data.
    if (st.identity)
        st.identity->wipe();
    st.identity.reset();
    secureClear(st.answers);
    secureClear(st.draft);
    s.out.push_back(fx::PrintReceipt{*st.receipt});
    s.out.push_back(fx::Speak{texts::kPrinting});
}

bool hasFields(const SessionState& st) {
    const Item* item = st.item();
    return item && !item->fields.empty();
}

// ---- home ----
bool serviceOut(const Step& s, const ev::StartApply&) {
    const auto& catalog = s.pendingCatalog ? s.pendingCatalog : s.state.catalog;
    return !catalog || catalog->empty();
}
void startApply(Step& s, bool available) {
    SessionState& st = s.state;
    st.notice.clear();
    if (s.pendingCatalog)
        st.catalog = std::move(s.pendingCatalog);
    if (!available) {
        s.out.push_back(fx::Speak{texts::kOutOfService});
        return;
    }
    st.page = 0;
    s.out.push_back(fx::Speak{texts::kCatalogTitle});
}

// ---- catalog ----
void selectCategory(Step& s, const ev::SelectCategory& e) {
    s.state.categoryId = e.id;
    s.state.searchInitials.clear();
    s.state.page = 0;
}
void searchInitials(Step& s, const ev::SearchInitials& e) {
    s.state.searchInitials = toUpperAscii(e.text);
    s.state.page = 0;
}
void pageNext(Step& s, const ev::PageNext&) {
    if (s.state.page + 1 < s.state.pageCount(s.config.catalogPageSize))
        ++s.state.page;
}
void pagePrevious(Step& s, const ev::PagePrevious&) {
    if (s.state.page > 0)
        --s.state.page;
}
bool itemInCatalog(const Step& s, const ev::SelectItem& e) {
    return s.state.catalog && s.state.catalog->item(e.itemId);
}
void selectItem(Step& s, const ev::SelectItem& e) {
    const Item* item = s.state.catalog->item(e.itemId);
    s.state.itemId = item->id;
    s.out.push_back(fx::Speak{item->name});
}
void unknownItem(Step& s, const ev::SelectItem& e) {
    s.out.push_back(fx::LogBug{"SelectItem of an item not in the catalog: " + e.itemId});
}

// ---- identify ----
bool refused(const Step& s, const ev::CardRead& e) {
    return cardRefused(s, e.identity);
}
bool formless(const Step& s, const ev::CardRead&) {
    return !hasFields(s.state);
}
// The card is accepted: the answers start afresh from the first question.
void beginAnswers(Step& s, const ev::CardRead& e) {
    acceptCard(s, e.identity);
    secureClear(s.state.answers);
    s.state.fieldIndex = 0;
    s.state.returnToReview = false;
}
void startForm(Step& s, const ev::CardRead& e) {
    beginAnswers(s, e);
    loadDraft(s.state);
}

// ---- form ----
void input(Step& s, const ev::Input& e) {
    s.state.draft = e.value;
    s.state.draftFromCard = false;
    s.state.fieldError.reset();
}
bool noField(const Step& s, const ev::Next&) {
    return !s.state.currentField();
}
bool draftInvalid(const Step& s, const ev::Next&) {
    return validateField(*s.state.currentField(), s.state.draft, today(s)).has_value();
}
bool answersComplete(const Step& s, const ev::Next&) {
    return s.state.returnToReview || s.state.fieldIndex + 1 >= s.state.item()->fields.size();
}
void showFieldError(Step& s, const ev::Next&) {
    auto error = validateField(*s.state.currentField(), s.state.draft, today(s));
    s.state.fieldError = error;
    s.out.push_back(fx::Speak{error->message});
}
void keepAnswer(SessionState& st) {
    st.answers[st.currentField()->id] = st.draft;
    secureClear(st.draft);
}
void toReview(Step& s, const ev::Next&) {
    keepAnswer(s.state);
    s.state.returnToReview = false;
    s.out.push_back(fx::Speak{texts::kReviewTitle});
}
void nextField(Step& s, const ev::Next&) {
    keepAnswer(s.state);
    ++s.state.fieldIndex;
    loadDraft(s.state);
}
bool editingFromReview(const Step& s, const ev::Back&) {
    return s.state.returnToReview;
}
bool pastFirstField(const Step& s, const ev::Back&) {
    return s.state.fieldIndex > 0;
}
void backToReview(Step& s, const ev::Back&) {
    s.state.returnToReview = false;
    secureClear(s.state.draft);
    s.state.fieldError.reset();
}
void previousField(Step& s, const ev::Back&) {
    --s.state.fieldIndex;
    loadDraft(s.state);
}
void leaveForm(Step& s, const ev::Back&) {
    // Back from the first question returns to the item; the card data read for it is dropped.
    SessionState& st = s.state;
    const std::string itemId = st.itemId;
    s.out.push_back(fx::WipePersonalData{});
    wipePersonalData(st);
    st.itemId = itemId;
}

// ---- review ----
std::optional<std::size_t> fieldNamed(const SessionState& st, const std::string& id) {
    const Item* item = st.item();
    for (std::size_t i = 0; item && i < item->fields.size(); ++i)
        if (item->fields[i].id == id)
            return i;
    return std::nullopt;
}
bool fieldInForm(const Step& s, const ev::EditField& e) {
    return fieldNamed(s.state, e.fieldId).has_value();
}
void editField(Step& s, const ev::EditField& e) {
    s.state.fieldIndex = *fieldNamed(s.state, e.fieldId);
    s.state.returnToReview = true;
    loadDraft(s.state);
}
void unknownField(Step& s, const ev::EditField& e) {
    s.out.push_back(fx::LogBug{"EditField of a field not in the form: " + e.fieldId});
}
bool nothingToSubmit(const Step& s, const ev::Submit&) {
    return !s.state.item() || !s.state.identity;
}
// The answers were checked one by one; check them all again in case the form changed under them.
std::optional<std::pair<std::size_t, FieldError>> firstInvalidAnswer(const Step& s) {
    const Item* item = s.state.item();
    for (std::size_t i = 0; i < item->fields.size(); ++i) {
        const FieldSpec& f = item->fields[i];
        auto it = s.state.answers.find(f.id);
        if (auto error = validateField(f, it == s.state.answers.end() ? std::string() : it->second, today(s)))
            return std::pair{i, *error};
    }
    return std::nullopt;
}
bool answerInvalid(const Step& s, const ev::Submit&) {
    return firstInvalidAnswer(s).has_value();
}
void showInvalidAnswer(Step& s, const ev::Submit&) {
    auto [index, error] = *firstInvalidAnswer(s);
    s.state.fieldIndex = index;
    s.state.returnToReview = true;
    loadDraft(s.state);
    s.state.fieldError = error;
    s.out.push_back(fx::Speak{error.message});
}
void submit(Step& s, const ev::Submit&) {
    SessionState& st = s.state;
    st.submitError.clear();
    st.submitStartedMs = st.steadyMs;
    st.receipt.reset();
    s.out.push_back(fx::CommitApplication{st.item()->id, *st.identity, st.answers});
    s.out.push_back(fx::Speak{texts::kSubmitting});
}
bool noFields(const Step& s, const ev::Back&) {
    return !hasFields(s.state);
}
void lastField(Step& s, const ev::Back&) {
    s.state.fieldIndex = s.state.item()->fields.size() - 1;
    loadDraft(s.state);
}

// ---- submitting ----
bool submitWaitOver(const Step& s, const ev::Tick&) {
    return s.state.receipt && s.state.steadyMs - s.state.submitStartedMs >= s.config.submitWaitMs;
}
void queued(Step& s, const ev::ApplicationQueued& e) {
    s.state.receipt = e.receipt;
    s.out.push_back(fx::Audit{"application_committed", e.receipt.receiptNo});
}
void saveFailed(Step& s, const ev::ApplicationSaveFailed& e) {
    s.state.submitError = texts::kSaveFailed;
    s.out.push_back(fx::Audit{"application_not_saved", e.message});
    s.out.push_back(fx::Speak{texts::kSaveFailed});
}
bool notOurs(const Step& s, const ev::DeliveryReported& e) {
    return !s.state.receipt || s.state.receipt->receiptNo != e.receiptNo;
}
bool refusedForGood(const Step&, const ev::DeliveryReported& e) {
    return e.result == ev::DeliveryReported::Result::failed;
}
void refusedByPlatform(Step& s, const ev::DeliveryReported& e) {
    // The platform refused it for good: the citizen can correct the answers and submit again.
    s.state.submitError = std::string(texts::kSubmitRefused) + e.message;
    s.state.receipt.reset();
    s.out.push_back(fx::Speak{s.state.submitError});
}

// ---- receipt ----
void deliveryOnReceipt(Step& s, const ev::DeliveryReported& e) {
    if (e.result == ev::DeliveryReported::Result::delivered)
        s.state.receipt->delivery = Delivery::delivered;
}
void printFinished(Step& s, const ev::PrintFinished& e) {
    SessionState& st = s.state;
    st.printState = e.ok ? PrintState::printed : PrintState::failed;
    st.printMessage = e.ok ? texts::kPrinted : std::string(texts::kPrintFailed) + e.message;
    s.out.push_back(fx::Speak{st.printMessage});
}

// ---- rating ----
bool levelOutOfRange(const Step&, const ev::Rate& e) {
    return e.level < 1 || e.level > 5;
}
void rate(Step& s, const ev::Rate& e) {
    const std::string receiptNo = s.state.receipt ? s.state.receipt->receiptNo : std::string();
    s.out.push_back(fx::QueueRating{receiptNo, e.level, {}});
    endSession(s, "rated", texts::kThanksForRating);
}

// The whole journey. Rows are tried in order; the first whose screen, event and guard match runs, and the
// screen becomes the row's destination.
SessionTable buildTable() {
    SessionTable t;
    t.on<ev::StartApply>(S::home, serviceOut, S::unavailable,
                         [](Step& s, const ev::StartApply&) { startApply(s, false); })
        .on<ev::StartApply>(S::home, S::catalog, [](Step& s, const ev::StartApply&) { startApply(s, true); })
        .on<ev::Back>(S::unavailable, S::home, nullptr);

    t.on<ev::SelectCategory>(S::catalog, stay, selectCategory)
        .on<ev::SearchInitials>(S::catalog, stay, searchInitials)
        .on<ev::PageNext>(S::catalog, stay, pageNext)
        .on<ev::PagePrevious>(S::catalog, stay, pagePrevious)
        .on<ev::SelectItem>(S::catalog, itemInCatalog, S::item, selectItem)
        .on<ev::SelectItem>(S::catalog, stay, unknownItem)
        .on<ev::Back>(S::catalog, S::home,
                      [](Step& s, const ev::Back&) { endSession(s, "left the catalog"); });

    t.on<ev::StartItem>(S::item, S::identify, [](Step& s, const ev::StartItem&) {
         startIdentification(s);
     }).on<ev::Back>(S::item, S::catalog, [](Step& s, const ev::Back&) { s.state.itemId.clear(); });

    t.on<ev::CardRead>(S::identify, refused, stay,
                       [](Step& s, const ev::CardRead& e) { refuseCard(s, e.identity); })
        .on<ev::CardRead>(S::identify, formless, S::review, beginAnswers)
        .on<ev::CardRead>(S::identify, S::form, startForm)
        .on<ev::CardReadFailed>(S::identify, stay, cardReadFailed)
        .on<ev::Back>(S::identify, S::item, [](Step& s, const ev::Back&) { stopIdentification(s); });

    t.on<ev::Input>(S::form, stay, input)
        .on<ev::Next>(S::form, noField, stay, nullptr)
        .on<ev::Next>(S::form, draftInvalid, stay, showFieldError)
        .on<ev::Next>(S::form, answersComplete, S::review, toReview)
        .on<ev::Next>(S::form, S::form, nextField)
        .on<ev::Back>(S::form, editingFromReview, S::review, backToReview)
        .on<ev::Back>(S::form, pastFirstField, S::form, previousField)
        .on<ev::Back>(S::form, S::item, leaveForm);

    t.on<ev::EditField>(S::review, fieldInForm, S::form, editField)
        .on<ev::EditField>(S::review, stay, unknownField)
        .on<ev::Submit>(S::review, nothingToSubmit, stay,
                        [](Step& s, const ev::Submit&) {
                            s.out.push_back(fx::LogBug{"Submit without an item or an identity"});
                        })
        .on<ev::Submit>(S::review, answerInvalid, S::form, showInvalidAnswer)
        .on<ev::Submit>(S::review, S::submitting, submit)
        .on<ev::Back>(S::review, noFields, S::item, nullptr)
        .on<ev::Back>(S::review, S::form, lastField);

    t.on<ev::Tick>(S::submitting, submitWaitOver, S::receipt,
                   [](Step& s, const ev::Tick&) { toReceipt(s, Delivery::queued); })
        .ignore<ev::Tick>(S::submitting)  // no idle countdown while the application is being saved
        .on<ev::Home>(S::submitting, stay,
                      [](Step& s, const ev::Home&) {
                          s.out.push_back(fx::Audit{"cancel_refused", "application is being saved"});
                      })
        .on<ev::ApplicationQueued>(S::submitting, stay, queued)
        .on<ev::ApplicationSaveFailed>(S::submitting, S::review, saveFailed)
        .on<ev::DeliveryReported>(S::submitting, notOurs, stay, nullptr)
        .on<ev::DeliveryReported>(S::submitting, refusedForGood, S::review, refusedByPlatform)
        .on<ev::DeliveryReported>(S::submitting, S::receipt, [](Step& s, const ev::DeliveryReported& e) {
            toReceipt(s, e.result == ev::DeliveryReported::Result::delivered ? Delivery::delivered
                                                                             : Delivery::queued);
        });

    t.on<ev::DeliveryReported>(S::receipt, notOurs, stay, nullptr)
        .on<ev::DeliveryReported>(S::receipt, stay, deliveryOnReceipt)
        .on<ev::PrintFinished>(S::receipt, stay, printFinished)
        .on<ev::Next>(S::receipt, S::rating,
                      [](Step& s, const ev::Next&) { s.out.push_back(fx::Speak{texts::kRatingQuestion}); });

    t.on<ev::Rate>(S::rating, levelOutOfRange, stay,
                   [](Step& s, const ev::Rate& e) {
                       s.out.push_back(fx::LogBug{"Rate with level " + std::to_string(e.level)});
                   })
        .on<ev::Rate>(S::rating, S::home, rate)
        .on<ev::SkipRating>(
            S::rating, S::home,
            [](Step& s, const ev::SkipRating&) { endSession(s, "finished", texts::kGoodbye); })
        .on<ev::Back>(S::rating, S::receipt, nullptr);
    return t;
}

}  // namespace

const Journey& applyJourney() {
    static const Journey journey{
        "apply",
        {S::unavailable, S::catalog, S::item, S::identify, S::form, S::review, S::submitting, S::receipt,
         S::rating},
        buildTable(),
        [](SessionState& st) { wipeApplyState(st); },
    };
    return journey;
}

}  // namespace yimen::kiosk::core
