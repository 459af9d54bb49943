package io.shouhu.notification;

import java.util.List;

/**
 * A page of a member of staff's inbox.
 * @param alerts newest first
 * @param unread how many of all their alerts are unread
 * @param next the cursor of the next page, or {@code null} on the last
 */
public record InboxPage(List<InboxAlert> alerts, long unread, String next) {
}
