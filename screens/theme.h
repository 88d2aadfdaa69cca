// The one theme of the kiosk UI: colours, type sizes and spacing, in pixels scaled to the screen.
#pragma once

#include <array>

#include "screens/geometry.h"

namespace yimen::screens {

enum class Orientation { portrait, landscape };

// Every size is given in design units and converted once: 1 unit = width/1080 in portrait, height/1080 in
// landscape, so 1080x1920 and 1920x1080 are both 1 px per unit. Every text colour is chosen to reach at least
// minContrast on the fill it is drawn on; the layout audit checks the frames actually built. Immutable, any
// thread.
struct Theme {
    int width = 1080;
    int height = 1920;
    Orientation orientation = Orientation::portrait;
    double unit = 1.0;

    // Colours
    Color background = rgb(0xeef3f8);
    Color text = rgb(0x1d2733);
    Color textMuted = rgb(0x4a5a6c);
    Color surface = rgb(0xffffff);  // cards, list rows, value boxes
    Color border = rgb(0xc3ceda);   // around cards and unselected buttons
    Color headerFill = rgb(0x1f5fae);
    Color headerText = rgb(0xffffff);
    Color headerTextMuted = rgb(0xcfe0f5);  // steps not reached yet, on the header
    Color headerBarPending = rgb(0x6f93c8);
    Color emblemFill = rgb(0xb3261e);
    Color emblemText = rgb(0xffe9a8);
    Color primaryFill = rgb(0x1f5fae);  // the one main action of a screen, selected chips and options
    Color primaryText = rgb(0xffffff);
    Color secondaryFill = rgb(0xffffff);  // 返回, 首页, keys, unselected options
    Color secondaryText = rgb(0x1f5fae);
    Color keyText = rgb(0x1d2733);
    Color dangerFill = rgb(0xfdecea);  // inline errors
    Color dangerText = rgb(0x9f1c14);
    Color dangerBorder = rgb(0xd14b3f);
    Color successFill = rgb(0xe5f4e8);
    Color successText = rgb(0x1c6b30);
    Color infoFill = rgb(0xe3eefb);  // "read from your card, please check"
    Color infoText = rgb(0x174a8a);
    Color warningFill = rgb(0xfff3da);
    Color warningText = rgb(0x7a4a00);
    Color scrim = {16, 24, 32, 170};  // dims the screen behind a dialog
    Color toastFill = rgb(0x2b3644);
    Color toastText = rgb(0xffffff);
    Color elderFill = rgb(0xb3261e);
    Color elderText = rgb(0xffffff);
    Color progressDone = rgb(0x1f5fae);
    Color progressPending = rgb(0xc3ceda);
    Color readerBody = rgb(0x2f3e50);  // the identify illustration
    Color readerPad = rgb(0x5c738c);
    Color cardFill = rgb(0xdbe9f7);
    Color cardInk = rgb(0x7a9cc6);
    Color qrDark = rgb(0x000000);
    Color qrLight = rgb(0xffffff);
    // Home tiles: 办事, 查询, 打印, 政务公开, 咨询, 评价. White text and badge on each reaches 4.5:1.
    std::array<Color, 6> tileFills = {rgb(0x1f6fd1), rgb(0x0f7a68), rgb(0xa85500),
                                      rgb(0x6b4fbf), rgb(0xc7424a), rgb(0x27793a)};
    Color tileText = rgb(0xffffff);
    // The five faces of the rating screen, 非常不满意 .. 非常满意.
    std::array<Color, 5> faceFills = {rgb(0xc7424a), rgb(0xd9822b), rgb(0xe0b12e), rgb(0x6aa84f),
                                      rgb(0x27793a)};
    Color faceInk = rgb(0x1d2733);

    // Type sizes (px)
    int smallPx = 32;  // the smallest text anywhere
    int bodyPx = 36;
    int buttonPx = 40;
    int valuePx = 48;  // the answer being typed
    int keyPx = 48;
    int titlePx = 52;
    int greetingPx = 60;
    int headerTitlePx = 46;
    int emblemPx = 52;
    int clockPx = 48;
    int tileTitlePx = 60;
    int tileBadgePx = 56;

    // Spacing (px)
    int margin = 48;
    int gap = 24;
    int smallGap = 12;
    int radius = 20;
    int padding = 20;       // inside buttons and boxes
    int minTarget = 96;     // touch targets are at least this wide and tall
    int targetSpacing = 8;  // and at least this far apart
    int headerHeight = 150;
    int progressHeight = 88;  // portrait only; landscape shows the steps in the header
    int navHeight = 176;
    int navButtonHeight = 120;
    int footerHeight = 176;
    int borderWidth = 3;
    double minContrast = 4.5;

    // The theme for a screen of this size; landscape when wider than tall.
    static Theme forScreen(int width, int height);
    bool landscape() const { return orientation == Orientation::landscape; }
    // Design units to pixels, rounded.
    int px(double units) const;
};

}  // namespace yimen::screens
