#!/usr/bin/env bash
# The local demo: starts the reference platform on loopback, then the kiosk with simulated devices.
# Usage: packaging/demo.sh BUILD_DIR [OUT_DIR]
set -euo pipefail
BUILD=${1:?build directory}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${2:-$ROOT/demo-out}
STATE=$OUT/state
PORT=${YIMEN_DEMO_PORT:-18443}
KIOSK_PKI=$STATE/kiosk/pki
mkdir -p "$OUT" "$STATE/platform" "$STATE/kiosk"

# Enrolment, as on a real kiosk: the kiosk makes its own key and certificate request (the key never leaves
# it), the operator signs the request and registers terminal 1, and the kiosk keeps the signed certificate.
if [ ! -f "$KIOSK_PKI/kiosk-0001.crt" ]; then
  [ -f "$KIOSK_PKI/kiosk-0001.key" ] || "$BUILD/kiosk/yimen-kiosk" --make-csr "$KIOSK_PKI" kiosk-0001
  "$BUILD/platform/yimen-platform" --state "$STATE/platform" issue-kiosk kiosk-0001 --terminal 1 \
    --csr "$KIOSK_PKI/kiosk-0001.csr" > "$OUT/enrol.log" 2>&1 || { cat "$OUT/enrol.log"; exit 1; }
  cp "$STATE/platform/pki/kiosk-0001.crt" "$KIOSK_PKI/kiosk-0001.crt"
fi

"$BUILD/platform/yimen-platform" --state "$STATE/platform" --listen "127.0.0.1:$PORT" --simulate-departments 20 \
  > "$OUT/platform.log" 2>&1 &
PLATFORM_PID=$!
trap 'kill $PLATFORM_PID 2>/dev/null || true; wait $PLATFORM_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "listening on" "$OUT/platform.log" 2>/dev/null && break
  kill -0 $PLATFORM_PID 2>/dev/null || { cat "$OUT/platform.log"; echo "the platform did not start" >&2; exit 1; }
  sleep 0.1
done

cat > "$STATE/kiosk/kiosk.json" <<JSON
{
  "kioskId": "kiosk-0001",
  "terminalNumber": 1,
  "dataDir": ".",
  "platform": {
    "host": "127.0.0.1", "port": $PORT,
    "caFile": "$STATE/platform/pki/ca.crt",
    "certFile": "$KIOSK_PKI/kiosk-0001.crt",
    "keyFile": "$KIOSK_PKI/kiosk-0001.key"
  },
  "devices": {
    "cardReader": "sim", "printer": "sim", "scanner": "sim",
    "simIdentities": "$ROOT/drivers/sim/identities.json",
    "simPrinterOut": "$OUT/receipts"
  }
}
JSON

echo "==> platform: https://127.0.0.1:$PORT (state $STATE/platform, log $OUT/platform.log)"
KIOSK=("$BUILD/kiosk/yimen-kiosk" --config "$STATE/kiosk/kiosk.json")
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${YIMEN_DEMO_HEADLESS:-}" != 1 ]; then
  echo "==> the kiosk window: tap or click; F1 puts the sample ID card on the reader, F2 takes it away"
  "${KIOSK[@]}" --demo-keys --out "$OUT" --report
else
  echo "==> no display: playing the apply journey headless (scenarios/apply.json)"
  "${KIOSK[@]}" --scenario "$ROOT/scenarios/apply.json" --out "$OUT/screens" --report
  echo "==> screenshots of every screen: $OUT/screens/"
  ls -1 "$OUT/screens/"*.png
  echo "==> then a Chinese answer spelt on the pinyin keyboard (scenarios/apply_chinese.json)"
  "${KIOSK[@]}" --scenario "$ROOT/scenarios/apply_chinese.json" --out "$OUT/screens-chinese"
  ls -1 "$OUT/screens-chinese/"*.png
  echo "==> then 查询: a foreign code, an unknown receipt, and a scanned receipt's timeline (scenarios/track.json)"
  "${KIOSK[@]}" --scenario "$ROOT/scenarios/track.json" --out "$OUT/screens-track"
  ls -1 "$OUT/screens-track/"*.png
  echo "==> then 评价: a receipt rated 不满意 with its reasons, and a second rating refused (scenarios/rate.json)"
  "${KIOSK[@]}" --scenario "$ROOT/scenarios/rate.json" --out "$OUT/screens-rate"
  ls -1 "$OUT/screens-rate/"*.png
fi
echo "==> receipts printed by the simulated printer (the real ESC/POS bytes, rendered): $OUT/receipts/"
ls -1 "$OUT/receipts/"*.png 2>/dev/null || true
echo "==> the platform now holds:"
"$BUILD/platform/yimen-platform" --state "$STATE/platform" list
