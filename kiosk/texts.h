// Every sentence the citizen sees or hears, in one place, so it can be translated and read aloud.
#pragma once

namespace yimen::kiosk::texts {

// Home
inline constexpr const char* kGreeting = "您好，请选择要办理的事项";
inline constexpr const char* kTileApply = "办事";
inline constexpr const char* kTileTrack = "查询";
inline constexpr const char* kTilePrint = "打印";
inline constexpr const char* kTileNotices = "政务公开";
inline constexpr const char* kTileConsult = "咨询";
inline constexpr const char* kTileRate = "评价";
inline constexpr const char* kNotYetAvailable = "暂未开通";
inline constexpr const char* kThanksForRating = "感谢您的评价";
inline constexpr const char* kGoodbye = "欢迎再来";

// Catalog and item
inline constexpr const char* kCatalogTitle = "请选择事项";
inline constexpr const char* kNoItems = "没有找到相关事项";
inline constexpr const char* kOutOfService = "暂时无法办理，请稍后再试或咨询工作人员";
inline constexpr const char* kStartItem = "开始办理";

// Identify
inline constexpr const char* kPlaceCard = "请将身份证放在感应区";
inline constexpr const char* kCardReadFailed = "没有读到身份证，请重新放好";
inline constexpr const char* kCardInvalid = "身份证信息无法识别，请咨询工作人员";
inline constexpr const char* kCardExpired = "身份证已过有效期，请到窗口办理";
inline constexpr const char* kCardRead = "已读取身份证，请取回";

// Form
inline constexpr const char* kConfirmPrefilled = "请核对，无误请点下一步";
inline constexpr const char* kNext = "下一步";

// Review and submit
inline constexpr const char* kReviewTitle = "请核对填写内容";
inline constexpr const char* kSubmit = "提交申请";
inline constexpr const char* kSubmitting = "正在提交，请稍候";
inline constexpr const char* kSaveFailed = "暂时无法保存申请，请联系工作人员";
inline constexpr const char* kSubmitRefused = "提交未成功：";

// Receipt
inline constexpr const char* kReceiptTitle = "受理回执";
inline constexpr const char* kDelivered = "已提交";
inline constexpr const char* kQueued = "已保存，网络恢复后自动提交";
inline constexpr const char* kPrinting = "正在打印回执";
inline constexpr const char* kPrinted = "已打印回执，请取走";
inline constexpr const char* kPrintFailed = "回执未能打印：";
inline constexpr const char* kKeepReceipt = "请妥善保管回执，凭回执号和查询码查询办理进度";

// Rating
inline constexpr const char* kRatingQuestion = "您对本次服务满意吗？";
inline constexpr const char* kRatingLevels[5] = {"非常不满意", "不满意", "基本满意", "满意", "非常满意"};

// Idle timeout
inline constexpr const char* kStillThere = "还需要更多时间吗？";
inline constexpr const char* kExtend = "继续办理";
inline constexpr const char* kBack = "返回";
inline constexpr const char* kHome = "首页";

}  // namespace yimen::kiosk::texts
