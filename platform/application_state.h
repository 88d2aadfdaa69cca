// The life of an application at the departments: its states, their texts and the legal moves between them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace yimen::platform {

// submitted 已提交 → accepted 已受理 → reviewing 审核中 → completed 已办结;
// rejected 不予受理 (with a reason) from submitted, accepted or reviewing.
// refused 未能提交: the platform refused the kiosk's submission for good after its receipt was issued (see
// platform/refused_application.h); never the state of a stored application, and no move leads to it.
enum class ApplicationState { submitted, accepted, reviewing, completed, rejected, refused };

// What the citizen is told to do about a rejection (不予受理), after its reason.
inline constexpr const char* kRejectionNextStep = "请按驳回原因补齐材料后重新申请，或到政务服务中心窗口咨询";

// The wire name: "submitted", "accepted", ...
const char* toString(ApplicationState state);

// The text a citizen reads: 已提交, 已受理, 审核中, 已办结, 不予受理, 未能提交.
const char* displayText(ApplicationState state);

// The state named `name` (wire name), or nothing.
std::optional<ApplicationState> parseApplicationState(std::string_view name);

// Whether the departments may move an application from `from` to `to` (never to or from refused).
bool isLegalTransition(ApplicationState from, ApplicationState to);

// Whether the application is still being handled (not completed, rejected or refused).
bool isOpen(ApplicationState state);

// The next step of the regular path (submitted → accepted → reviewing → completed); nothing once closed.
std::optional<ApplicationState> nextRegularState(ApplicationState state);

}  // namespace yimen::platform
