// The citizen-facing wording of every error the platform answers with.
#include "platform/api_error.h"

#include <algorithm>

namespace yimen::platform::apiError {

ApiError malformedJson() {
    return {400, "malformed_json", "提交的数据格式不正确，请重新提交", ""};
}

ApiError missingIdempotencyKey() {
    return {400, "missing_idempotency_key", "提交缺少唯一编号，请重新提交", ""};
}

ApiError validationFailed(std::string field, std::string message) {
    return {422, "validation_failed", std::move(message), std::move(field)};
}

ApiError notFound() {
    return {404, "not_found", "没有找到要访问的内容", ""};
}

ApiError receiptNotFound() {
    return {404, "not_found", "未找到该回执，请核对回执号和查询码", ""};
}

ApiError methodNotAllowed() {
    return {405, "method_not_allowed", "不支持这种操作", ""};
}

ApiError payloadTooLarge() {
    return {413, "payload_too_large", "提交的内容太大，请减少后重试", ""};
}

ApiError malformedRequest() {
    return {400, "malformed_request", "请求格式不正确，请重试", ""};
}

ApiError idempotencyKeyReused() {
    return {409, "idempotency_key_reused", "这笔提交的编号已用于其他内容，请重新提交", ""};
}

ApiError duplicateReceipt() {
    return {409, "duplicate_receipt", "该回执号已被其他申请使用", "receiptNo"};
}

ApiError alreadyRated() {
    return {409, "already_rated", "这件事已经评价过了，每件事只能评价一次", "receiptNo"};
}

ApiError ratingOfUnknownReceipt() {
    return {422, "unknown_receipt", "未找到该回执，无法评价", "receiptNo"};
}

ApiError tooManyAttempts(std::chrono::seconds retryAfter) {
    const long long minutes = std::max<long long>(1, (retryAfter.count() + 59) / 60);
    return {429, "too_many_attempts", "查询次数过多，请" + std::to_string(minutes) + "分钟后再试", ""};
}

ApiError internal() {
    return {500, "internal_error", "系统繁忙，请稍后再试", ""};
}

}  // namespace yimen::platform::apiError
