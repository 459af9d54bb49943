/**
 * Alerts to staff and push to their phones. When a report is received, every intake prosecutor of its
 * jurisdiction gets an alert: recorded first, in the inbox, then pushed through Firebase Cloud
 * Messaging to the phones they registered. Public API: {@link io.shouhu.notification.Devices},
 * {@link io.shouhu.notification.Inbox} and their value types; the rest is internal.
 */
package io.shouhu.notification;
