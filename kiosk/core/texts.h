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
inline constexpr const char* kReaderUnavailable = "读卡器暂时无法使用，请联系工作人员";

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

// Track (查询)
inline constexpr const char* kTrackTitle = "查询办理进度";
inline constexpr const char* kScanReceiptPrompt = "请将回执上的二维码对准扫描口";
inline constexpr const char* kScanReceiptHint = "没有回执二维码？可以输入回执号和查询码";
inline constexpr const char* kTypeReceipt = "输入回执号";
inline constexpr const char* kEnterReceiptNo = "请输入回执号 YM 后面的 14 位数字";
inline constexpr const char* kEnterQueryCode = "请输入回执上的 6 位查询码";
inline constexpr const char* kReceiptNoIncomplete = "回执号是 YM 加 14 位数字，请核对";
inline constexpr const char* kQueryCodeIncomplete = "查询码是 6 位数字，请核对";
inline constexpr const char* kLookUp = "查询";
inline constexpr const char* kLookingUp = "正在查询，请稍候";
inline constexpr const char* kNotOurCode = "这不是受理回执的二维码，请扫描回执上的二维码";
inline constexpr const char* kTrackUnreachable = "暂时无法连接服务平台，请稍后再试";
inline constexpr const char* kTrackFailed = "查询没有成功，请稍后再试或咨询工作人员";
inline constexpr const char* kPromisedBy = "承诺办结日期";
inline constexpr const char* kCurrentState = "当前状态";
inline constexpr const char* kReason = "原因";
inline constexpr const char* kWhatNext = "办理建议";
inline constexpr const char* kTrackAnother = "查询其他回执";

// Rate (评价)
inline constexpr const char* kScanToRate = "请将要评价的回执二维码对准扫描口";
inline constexpr const char* kRateQuestion = "您对这件事的办理满意吗？";
inline constexpr const char* kRateReasonsTitle = "请选择不满意的原因，可多选";
inline constexpr const char* kRateReasonNeeded = "请至少选择一项原因";
inline constexpr const char* kSubmitRating = "提交评价";
inline constexpr const char* kAlreadyRated = "这件事已经评价过了，每件事只能评价一次";
// The reasons of a 不满意 or 非常不满意 (the 好差评 system's list for a service at a terminal).
inline constexpr const char* kRatingReasons[8] = {"办理时间长", "材料要求不清楚", "流程复杂",   "多次跑腿",
                                                  "操作不方便", "工作人员态度差", "结果不满意", "其他"};

// Idle timeout
inline constexpr const char* kStillThere = "还需要更多时间吗？";
inline constexpr const char* kExtend = "继续办理";
inline constexpr const char* kBack = "返回";
inline constexpr const char* kHome = "首页";

// Screens: frame, home and navigation
inline constexpr const char* kTerminalTitle = "政务服务自助终端";
inline constexpr const char* kEmblem = "政";
inline constexpr const char* kGoodMorning = "上午好，欢迎使用";
inline constexpr const char* kGoodAfternoon = "下午好，欢迎使用";
inline constexpr const char* kGoodEvening = "晚上好，欢迎使用";
inline constexpr const char* kTileBadges[6] = {"办", "查", "印", "公", "询", "评"};
inline constexpr const char* kTileHints[6] = {"在线申请 · 材料提交", "扫描回执 · 查看进度",
                                              "办结结果 · 证照打印", "通知公告 · 政策文件",
                                              "常见问题 · 留言咨询", "好差评 · 服务满意度"};
inline constexpr const char* kElderMode = "长者模式";
inline constexpr const char* kWeekdays[7] = {"星期日", "星期一", "星期二", "星期三",
                                             "星期四", "星期五", "星期六"};
inline constexpr const char* kYear = "年";
inline constexpr const char* kMonth = "月";
inline constexpr const char* kDay = "日";
inline constexpr const char* kJourneySteps[6] = {"选择事项", "阅读须知", "读身份证",
                                                 "填写信息", "核对提交", "取回执"};
inline constexpr const char* kPagePrevious = "上一页";
inline constexpr const char* kPageNext = "下一页";
inline constexpr const char* kPagePrefix = "第 ";
inline constexpr const char* kPageSuffix = " 页";
inline constexpr const char* kDelete = "删除";
inline constexpr const char* kClear = "清空";

// Screens: catalog and item
inline constexpr const char* kAllCategories = "全部";
inline constexpr const char* kSearchByInitials = "按拼音首字母查找";
inline constexpr const char* kCloseSearch = "收起";
inline constexpr const char* kInitialsPrompt = "请点选事项名称的拼音首字母";
inline constexpr const char* kInitialsLabel = "首字母：";
inline constexpr const char* kTimeLimit = "承诺时限";
inline constexpr const char* kWorkingDays = " 个工作日";
inline constexpr const char* kDepartment = "办理部门";
inline constexpr const char* kMaterials = "所需材料";
inline constexpr const char* kLabelSeparator = "：";

// Screens: identify and form
inline constexpr const char* kPlaceCardHint = "读取成功后会自动进入下一步";
inline constexpr const char* kQuestionPrefix = "第 ";
inline constexpr const char* kQuestionMiddle = " 项，共 ";
inline constexpr const char* kQuestionSuffix = " 项";
inline constexpr const char* kOptional = "（可不填）";
inline constexpr const char* kTypeBelow = "请在下方输入";
inline constexpr const char* kChooseBelow = "请在下方选择一项";
inline constexpr const char* kDateEntryHint = "请依次输入年、月、日，例如 20250318";
inline constexpr const char* kOnScreenLettersOnly =
    "屏幕按键可输入数字和字母；中文内容请咨询工作人员协助填写";
// The Chinese keyboard: pinyin letters, then tap the characters wanted.
inline constexpr const char* kKeyboardHandwriting = "手写";
inline constexpr const char* kKeyboardChinese = "拼音";
inline constexpr const char* kKeyboardLatin = "字母数字";
inline constexpr const char* kPinyinPrompt = "输入拼音，再点选要用的字";
inline constexpr const char* kHandwritingPrompt = "在下面方框里写一个字，再点选要用的字";
inline constexpr const char* kEarlierCandidates = "前一组";
inline constexpr const char* kMoreCandidates = "更多";
inline constexpr const char* kChooseCandidateFirst = "请先点选要用的字，或按删除";
inline constexpr const char* kSpellingTooLong = "拼音太长了，请先点选要用的字";
inline constexpr const char* kAnswerFull = "已达到最多字数";
inline constexpr const char* kPinyinFailed = "拼音输入暂不可用，请用字母数字输入或咨询工作人员";
inline constexpr const char* kHandwritingFailed = "手写输入暂不可用，请改用拼音或咨询工作人员";

// Screens: review, receipt, rating, idle
inline constexpr const char* kEdit = "修改";
inline constexpr const char* kNotAnswered = "未填写";
inline constexpr const char* kReceiptNo = "回执号";
inline constexpr const char* kQueryCode = "查询码";
inline constexpr const char* kItemLabel = "办理事项";
inline constexpr const char* kApplicantId = "申请人证件";
inline constexpr const char* kIssuedAt = "提交时间";
inline constexpr const char* kScanToTrack = "扫码查询办理进度";
inline constexpr const char* kPrintFailedAdvice = "请记下回执号和查询码，或用手机拍下本页";
inline constexpr const char* kDone = "完成";
inline constexpr const char* kSkipRating = "跳过";
inline constexpr const char* kSecondsUntilHome = " 秒后自动回到首页";
inline constexpr const char* kDoNotLeave = "请不要离开，马上就好";

}  // namespace yimen::kiosk::texts
