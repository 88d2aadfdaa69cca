// The citizen's receipt, laid out in ESC/POS for 80 mm or 58 mm paper.
#include "kiosk/receipt_layout.h"

#include "drivers/protocol/escpos.h"
#include "kiosk/core/texts.h"

namespace yimen::kiosk {

using drivers::protocol::Align;
using drivers::protocol::EscPosWriter;
using drivers::protocol::PaperWidth;
using drivers::protocol::QrEcc;

Expected<std::vector<std::uint8_t>> layoutReceipt(const ReceiptInfo& r, int widthDots) {
    if (widthDots != 576 && widthDots != 384)
        return fail(ErrorCode::invalidInput, "receipt paper must be 576 or 384 dots wide");
    const PaperWidth paper = widthDots == 576 ? PaperWidth::mm80 : PaperWidth::mm58;
    EscPosWriter w(paper);
    w.init().align(Align::center).size(2, 2).bold(true).line(texts::kReceiptTitle);
    w.size(1, 1).bold(false).line("政务服务自助终端").align(Align::left).separator();
    w.paragraph(std::string("事项：") + r.itemName);
    w.paragraph(std::string("受理部门：") + r.department);
    if (r.timeLimitDays > 0)
        w.paragraph("承诺时限：" + std::to_string(r.timeLimitDays) + "个工作日");
    w.paragraph(std::string("申请人证件：") + r.maskedIdNumber);
    w.paragraph(std::string("提交时间：") + r.issuedAt);
    w.paragraph(std::string("状态：") +
                (r.delivery == Delivery::delivered ? texts::kDelivered : texts::kQueued));
    w.separator().align(Align::center).line("回执号").bold(true).size(paper == PaperWidth::mm80 ? 2 : 1, 2);
    w.line(r.receiptNo).size(1, 1).bold(false).line("查询码").size(2, 2).bold(true).line(r.queryCode);
    w.size(1, 1).bold(false).feed(1);
    w.qrCode(receiptQrPayload(r.receiptNo, r.queryCode), paper == PaperWidth::mm80 ? 6 : 5, QrEcc::M)
        .newline();
    w.paragraph(texts::kKeepReceipt).feed(3).cut();
    return w.finish();
}

}  // namespace yimen::kiosk
