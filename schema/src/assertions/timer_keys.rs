//! The `[Timer]` section keys systemd knows, shared by BX042 and BX043.

/// Every `[Timer]` key of systemd up to version 258 (`DeferReactivation` is new in 257,
/// `RandomizedOffsetSec` in 258; the others are known to systemd 252).
pub const TIMER_KEYS: [&str; 17] = [
    "OnActiveSec",
    "OnBootSec",
    "OnStartupSec",
    "OnUnitActiveSec",
    "OnUnitInactiveSec",
    "OnCalendar",
    "OnClockChange",
    "OnTimezoneChange",
    "AccuracySec",
    "RandomizedDelaySec",
    "RandomizedOffsetSec",
    "FixedRandomDelay",
    "DeferReactivation",
    "Persistent",
    "WakeSystem",
    "RemainAfterElapse",
    "Unit",
];

/// The keys that make a timer elapse; a timer with none of them refuses to load ("Timer unit
/// lacks value setting").
pub const TRIGGER_KEYS: [&str; 8] = [
    "OnActiveSec",
    "OnBootSec",
    "OnStartupSec",
    "OnUnitActiveSec",
    "OnUnitInactiveSec",
    "OnCalendar",
    "OnClockChange",
    "OnTimezoneChange",
];

/// Whether systemd reads `key` in a `[Timer]` section (keys starting with `X-` are extensions
/// systemd ignores without complaint).
pub fn is_timer_key(key: &str) -> bool {
    TIMER_KEYS.contains(&key) || key.starts_with("X-")
}
