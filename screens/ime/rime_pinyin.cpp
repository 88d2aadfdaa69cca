// RimePinyin: librime's C API behind the InputMethod interface.
#include "screens/ime/rime_pinyin.h"

#include <rime_api.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>

namespace yimen::screens {

std::string_view rimeSchemaYaml();   // screens/ime/rime/yimen_pinyin.schema.yaml, embedded
std::string_view rimeDefaultYaml();  // screens/ime/rime/default.yaml, embedded

namespace {

namespace fs = std::filesystem;

constexpr const char* kSchemaId = "yimen_pinyin";
constexpr int kBackSpace = 0xff08;  // X11 keysym, as librime takes keys

std::atomic<bool> engineOpen{false};
std::once_flag setupOnce;

RimeApi& api() {
    return *rime_get_api();
}

RimeSessionId sessionOf(std::uintptr_t s) {
    return static_cast<RimeSessionId>(s);
}

// Writes `content` to `path` unless it already holds exactly that (an unchanged file keeps librime's
// compiled tables valid). Written beside and renamed, so a power cut never leaves half a schema.
Status writeIfChanged(const fs::path& path, std::string_view content) {
    {
        std::ifstream in(path, std::ios::binary);
        if (in) {
            std::ostringstream have;
            have << in.rdbuf();
            if (have.str() == content)
                return {};
        }
    }
    const fs::path temp = path.string() + ".new";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out.flush())
            return fail(ErrorCode::io, "cannot write " + temp.string());
    }
    std::error_code ec;
    fs::rename(temp, path, ec);
    if (ec)
        return fail(ErrorCode::io, "cannot replace " + path.string() + ": " + ec.message());
    return {};
}

// True when every character is in the Basic Multilingual Plane: the kiosk's fonts and the receipt printer's
// character set cover it, not the rare characters of CJK Extension B and later (which would show as boxes).
bool displayable(std::string_view utf8) {
    for (unsigned char c : utf8)
        if (c >= 0xF0)  // the lead byte of a four-byte sequence: beyond U+FFFF
            return false;
    return !utf8.empty();
}

// Walks librime's candidates, skipping the ones the kiosk cannot show, numbering those it keeps from 0.
class ShownCandidates {
public:
    explicit ShownCandidates(RimeSessionId session) { open_ = api().candidate_list_begin(session, &it_); }
    ~ShownCandidates() {
        if (open_)
            api().candidate_list_end(&it_);
    }
    ShownCandidates(const ShownCandidates&) = delete;
    ShownCandidates& operator=(const ShownCandidates&) = delete;

    // Moves to the next candidate shown; false at the end.
    bool next() {
        while (open_ && api().candidate_list_next(&it_)) {
            if (!it_.candidate.text || !displayable(it_.candidate.text))
                continue;
            ++shown_;
            return true;
        }
        return false;
    }
    std::size_t shownIndex() const { return shown_ - 1; }
    std::size_t engineIndex() const { return static_cast<std::size_t>(it_.index); }
    const char* text() const { return it_.candidate.text; }

private:
    RimeCandidateListIterator it_ = {};
    bool open_ = false;
    std::size_t shown_ = 0;
};

}  // namespace

Expected<std::unique_ptr<RimePinyin>> RimePinyin::open(const RimePinyinOptions& options) {
    const fs::path shared(options.sharedDataDir);
    for (const char* needed : {"luna_pinyin.dict.yaml", "build/luna_pinyin.table.bin",
                               "build/luna_pinyin_simp.prism.bin", "pinyin.yaml", "essay.txt"})
        if (!fs::exists(shared / needed))
            return fail(ErrorCode::notFound, "no " + std::string(needed) + " in " + shared.string() +
                                                 " (Debian packages rime-data-luna-pinyin and rime-essay)");
    if (options.userDataDir.empty())
        return fail(ErrorCode::io, "no folder given for the input method's data");
    const fs::path user(options.userDataDir);
    std::error_code ec;
    fs::create_directories(user / "log", ec);
    if (ec)
        return fail(ErrorCode::io, "cannot create " + (user / "log").string() + ": " + ec.message());
    fs::permissions(user, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (Status s = writeIfChanged(user / "yimen_pinyin.schema.yaml", rimeSchemaYaml()); !s)
        return s.error();
    if (Status s = writeIfChanged(user / "default.yaml", rimeDefaultYaml()); !s)
        return s.error();

    bool expected = false;
    if (!engineOpen.compare_exchange_strong(expected, true))
        return fail(ErrorCode::conflict, "the input method is already open in this process");

    std::unique_ptr<RimePinyin> ime(new RimePinyin(options));
    ime->logDir_ = (user / "log").string();
    RIME_STRUCT(RimeTraits, traits);
    traits.shared_data_dir = ime->options_.sharedDataDir.c_str();
    traits.user_data_dir = ime->options_.userDataDir.c_str();
    traits.distribution_name = "Yimen";
    traits.distribution_code_name = "yimen";
    traits.distribution_version = "1";
    traits.app_name = "rime.yimen";
    traits.min_log_level = 2;  // errors only, into the engine's own folder
    traits.log_dir = ime->logDir_.c_str();
    // Logging is set up once per process (glog refuses a second time); the engine itself can be opened again.
    std::call_once(setupOnce, [&] { api().setup(&traits); });
    api().initialize(&traits);
    api().start_maintenance(True);
    return ime;
}

RimePinyin::RimePinyin(RimePinyinOptions options) : options_(std::move(options)) {}

RimePinyin::~RimePinyin() {
    api().join_maintenance_thread();
    if (session_)
        api().destroy_session(sessionOf(session_));
    api().finalize();
    engineOpen = false;
}

Status RimePinyin::ready() {
    if (checked_)
        return health_;
    checked_ = true;
    api().join_maintenance_thread();
    auto opened = session();
    if (!opened) {
        health_ = opened.error();
        return health_;
    }
    const RimeSessionId session = *opened;
    char schema[64] = {};
    if (!api().get_current_schema(session, schema, sizeof schema) || std::string_view(schema) != kSchemaId) {
        health_ =
            fail(ErrorCode::unavailable, std::string("the pinyin schema did not deploy (librime chose '") +
                                             schema + "'; see " + logDir_ + ")");
        return health_;
    }
    // A known spelling must give a candidate, or the tables are not usable.
    api().process_key(session, 'a', 0);
    RimeCandidateListIterator it = {};
    const bool any = api().candidate_list_begin(session, &it) && api().candidate_list_next(&it);
    api().candidate_list_end(&it);
    clear();
    if (!any)
        health_ = fail(ErrorCode::unavailable, "the pinyin tables give no candidates (see " + logDir_ + ")");
    return health_;
}

Expected<RimeSessionId> RimePinyin::session() {
    if (!session_) {
        const RimeSessionId created = api().create_session();
        if (!created)
            return fail(ErrorCode::unavailable, "librime could not start a session (see " + logDir_ + ")");
        session_ = static_cast<std::uintptr_t>(created);
    }
    return sessionOf(session_);
}

Expected<RimeSessionId> RimePinyin::usableSession() {
    if (Status s = ready(); !s)
        return s.error();
    return session();
}

Status RimePinyin::type(char letter) {
    if (letter < 'a' || letter > 'z')
        return fail(ErrorCode::invalidInput, std::string("not a pinyin letter: '") + letter + "'");
    auto opened = usableSession();
    if (!opened)
        return opened.error();
    const RimeSessionId session = *opened;
    const char* input = api().get_input(session);
    if (input && std::string_view(input).size() >= kMaxSpelling)
        return fail(ErrorCode::conflict,
                    "the spelling is already " + std::to_string(kMaxSpelling) + " letters");
    if (!api().process_key(session, letter, 0))
        return fail(ErrorCode::invalidInput, std::string("the input method did not take '") + letter + "'");
    return {};
}

Status RimePinyin::backspace() {
    auto opened = usableSession();
    if (!opened)
        return opened.error();
    api().process_key(*opened, kBackSpace, 0);
    return {};
}

Expected<std::string> RimePinyin::choose(std::size_t index) {
    auto opened = usableSession();
    if (!opened)
        return opened.error();
    const RimeSessionId session = *opened;
    std::optional<std::size_t> engineIndex;
    {
        ShownCandidates shown(session);
        while (shown.next())
            if (shown.shownIndex() == index) {
                engineIndex = shown.engineIndex();
                break;
            }
    }
    if (!engineIndex || !api().select_candidate(session, *engineIndex))
        return fail(ErrorCode::notFound, "no candidate " + std::to_string(index));
    return takeCommit();
}

std::string RimePinyin::takeCommit() {
    std::string text;
    RIME_STRUCT(RimeCommit, commit);
    if (api().get_commit(sessionOf(session_), &commit)) {
        if (commit.text)
            text = commit.text;
        api().free_commit(&commit);
    }
    return text;
}

Composition RimePinyin::composition(std::size_t first, std::size_t count) {
    Composition out;
    out.first = first;
    if (!ready() || !session_)
        return out;  // nothing spelt since the last clear()
    const RimeSessionId session = sessionOf(session_);
    RIME_STRUCT(RimeContext, context);
    if (api().get_context(session, &context)) {
        if (context.composition.preedit)
            out.preedit = context.composition.preedit;
        api().free_context(&context);
    }
    if (!out.composing())
        return out;
    ShownCandidates shown(session);
    while (shown.next()) {
        if (shown.shownIndex() < first)
            continue;
        if (out.candidates.size() == count) {
            out.more = true;
            break;
        }
        out.candidates.emplace_back(shown.text());
    }
    return out;
}

void RimePinyin::clear() {
    // A new librime session for the next spelling: clearing the composition alone would leave this one's
    // commit history (the phrases chosen) in memory.
    if (session_)
        api().destroy_session(sessionOf(session_));
    session_ = 0;
}

}  // namespace yimen::screens
