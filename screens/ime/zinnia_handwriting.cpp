// ZinniaHandwriting: Zinnia's C API behind the HandwritingRecognizer interface.
#include "screens/ime/zinnia_handwriting.h"

#include <zinnia.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace yimen::screens {

struct ZinniaHandwriting::Handles {
    zinnia_recognizer_t* recognizer = nullptr;
    zinnia_character_t* character = nullptr;
    ~Handles() {
        if (character)
            zinnia_character_destroy(character);
        if (recognizer)
            zinnia_recognizer_destroy(recognizer);
    }
};

Expected<std::unique_ptr<ZinniaHandwriting>> ZinniaHandwriting::open(const std::string& modelPath) {
    std::error_code ec;
    if (!std::filesystem::exists(modelPath, ec))
        return fail(ErrorCode::notFound, "no handwriting model " + modelPath +
                                             " (Debian package tegaki-zinnia-simplified-chinese)");
    if (!std::filesystem::is_regular_file(modelPath, ec) || !std::ifstream(modelPath, std::ios::binary))
        return fail(ErrorCode::io, "the handwriting model " + modelPath + " is not a readable file");
    return std::unique_ptr<ZinniaHandwriting>(new ZinniaHandwriting(modelPath));
}

ZinniaHandwriting::ZinniaHandwriting(std::string modelPath) : modelPath_(std::move(modelPath)) {}

ZinniaHandwriting::~ZinniaHandwriting() = default;

Status ZinniaHandwriting::load() {
    if (handles_)
        return {};
    if (loadError_)
        return *loadError_;
    auto handles = std::make_unique<Handles>();
    handles->recognizer = zinnia_recognizer_new();
    handles->character = zinnia_character_new();
    if (!handles->recognizer || !handles->character)
        loadError_ = Error{ErrorCode::unavailable, "Zinnia could not allocate a recognizer"};
    else if (!zinnia_recognizer_open(handles->recognizer, modelPath_.c_str()))
        loadError_ =
            Error{ErrorCode::unavailable,
                  modelPath_ + " is not a Zinnia model: " + zinnia_recognizer_strerror(handles->recognizer)};
    if (loadError_)
        return *loadError_;
    handles_ = std::move(handles);
    return {};
}

Expected<std::vector<std::string>> ZinniaHandwriting::recognize(const Ink& ink, std::size_t count) {
    if (ink.width <= 0 || ink.height <= 0)
        return fail(ErrorCode::invalidInput, "the writing pad has no size");
    if (Status loaded = load(); !loaded)
        return loaded.error();
    zinnia_character_t* c = handles_->character;
    zinnia_character_clear(c);
    // Zinnia scales x by the width and y by the height: a square canvas around the pad keeps the character's
    // shape on a pad that is not square.
    const int side = std::max(ink.width, ink.height);
    const int dx = (side - ink.width) / 2;
    const int dy = (side - ink.height) / 2;
    zinnia_character_set_width(c, static_cast<std::size_t>(side));
    zinnia_character_set_height(c, static_cast<std::size_t>(side));
    std::size_t id = 0;
    for (const auto& stroke : ink.strokes) {
        if (stroke.empty() || id == kMaxStrokes)
            continue;
        std::size_t added = 0;
        for (const Point& p : stroke) {
            if (added == kMaxPoints)
                break;
            // Points off the pad (a finger sliding out) are pulled back to its edge.
            const int x = std::clamp(p.x, 0, ink.width - 1) + dx;
            const int y = std::clamp(p.y, 0, ink.height - 1) + dy;
            zinnia_character_add(c, id, x, y);
            ++added;
        }
        ++id;
    }
    if (id == 0)
        return fail(ErrorCode::invalidInput, "nothing written");
    zinnia_result_t* result = zinnia_recognizer_classify(handles_->recognizer, c, count);
    if (!result)
        return fail(ErrorCode::unavailable, std::string("handwriting not recognised: ") +
                                                zinnia_recognizer_strerror(handles_->recognizer));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < zinnia_result_size(result); ++i)
        if (const char* value = zinnia_result_value(result, i))
            out.emplace_back(value);
    zinnia_result_destroy(result);
    return out;
}

}  // namespace yimen::screens
